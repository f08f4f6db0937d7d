/* output.c — output files: temporary name, registered for the signal handler, fsync, rename;
 * held renames for a whole run, checked before the first and in a fixed order with
 * manifest.json last; the folder lock and the leftovers of dead runs; inputs no output may
 * replace; CSV field quoting. */
#define _GNU_SOURCE           /* sync_file_range */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <pwd.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include <openssl/evp.h>

#include "guiyan/i18n.h"
#include "guiyan/output.h"
#include "guiyan/error.h"

/* ---- the registry of temporary files ----
 * A fixed array, so that the signal handler never meets memory being reallocated. A slot's
 * path is written before the slot is published (LIVE) and freed only by its owner after taking
 * the slot back; the handler removes a file only after taking a LIVE slot over with a
 * compare-and-swap, so the two never hold one slot at once, whichever threads they run on.
 * An owner that finds the handler at work on its slot (SWEEPING: only seen from another
 * thread, as a handler that interrupts a thread ends the process before it resumes) waits
 * for the one unlink to finish. */

#define SLOTS GY_OUTPUT_MAX_IN_FLIGHT

enum { SLOT_FREE, SLOT_CLAIMED, SLOT_LIVE, SLOT_SWEEPING, SLOT_SWEPT };

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handler needs lock-free atomics");

static struct {
    atomic_int state;
    const char *tmp;
} slots[SLOTS];

/* Publish tmp (which must outlive the slot); -1 when every slot is taken. */
static int slot_claim(const char *tmp)
{
    for (int i = 0; i < SLOTS; i++) {
        int expect = SLOT_FREE;
        if (atomic_compare_exchange_strong(&slots[i].state, &expect, SLOT_CLAIMED)) {
            slots[i].tmp = tmp;
            atomic_store(&slots[i].state, SLOT_LIVE);
            return i;
        }
    }
    return -1;
}

/* Take the slot back; then its path may be freed. */
static void slot_release(int i)
{
    if (i < 0)
        return;
    for (;;) {
        int expect = SLOT_LIVE;
        if (atomic_compare_exchange_strong(&slots[i].state, &expect, SLOT_CLAIMED))
            break;
        expect = SLOT_SWEPT;
        if (atomic_compare_exchange_strong(&slots[i].state, &expect, SLOT_CLAIMED))
            break;
        g_thread_yield();      /* SWEEPING */
    }
    slots[i].tmp = NULL;
    atomic_store(&slots[i].state, SLOT_FREE);
}

void gy_output_sweep(void)
{
    for (int i = 0; i < SLOTS; i++) {
        int expect = SLOT_LIVE;
        if (atomic_compare_exchange_strong(&slots[i].state, &expect, SLOT_SWEEPING)) {
            unlink(slots[i].tmp);
            atomic_store(&slots[i].state, SLOT_SWEPT);
        }
    }
}

size_t gy_output_in_flight(void)
{
    size_t n = 0;
    for (int i = 0; i < SLOTS; i++)
        n += atomic_load(&slots[i].state) == SLOT_LIVE;
    return n;
}

static const int guarded[] = { SIGINT, SIGTERM, SIGHUP };
/* a crash: the temporary files are swept before the default action (a core dump) */
static const int crashes[] = { SIGSEGV, SIGBUS, SIGFPE, SIGABRT };

/* One sweep for the whole process: 0 not begun, 1 under way, 2 done. */
static atomic_int sweep_state;

/* Sweep, or wait (up to 5 s) for the sweep another thread began: a second signal that lands
 * on another thread must not end the process with half the files still there. */
static void sweep_once(void)
{
    int expect = 0;
    if (atomic_compare_exchange_strong(&sweep_state, &expect, 1)) {
        gy_output_sweep();
        atomic_store(&sweep_state, 2);
        return;
    }
    struct timespec ms = { 0, 1000000 };
    for (int i = 0; i < 5000 && atomic_load(&sweep_state) != 2; i++)
        nanosleep(&ms, NULL);
}

/* Only async-signal-safe calls: the handler stays installed, the signal is blocked in this
 * thread while it runs (sa_mask), and the default action is set only once the sweep is done,
 * just before the signal is raised again. */
static void on_signal(int sig)
{
    sweep_once();
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig);               /* pending while blocked here */
    sigset_t un;
    sigemptyset(&un);
    sigaddset(&un, sig);
    sigprocmask(SIG_UNBLOCK, &un, NULL);
}

static void on_crash(int sig)
{
    sweep_once();
    raise(sig);               /* SA_RESETHAND and SA_NODEFER: the default action, now */
}

void gy_output_guard_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(guarded); i++)
        sigaddset(&sa.sa_mask, guarded[i]);
    for (size_t i = 0; i < G_N_ELEMENTS(guarded); i++) {
        struct sigaction old;
        if (sigaction(guarded[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(guarded[i], &sa, NULL);
    }
    /* a stack of its own, so that a stack overflow's SIGSEGV can still sweep */
    static char alt[1 << 16];
    stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    struct sigaction cr;
    memset(&cr, 0, sizeof cr);
    cr.sa_handler = on_crash;
    cr.sa_flags = SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&cr.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(crashes); i++)
        sigaction(crashes[i], &cr, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
}

/* ---- inputs no output may replace ---- */

typedef struct input_id {
    bool known;               /* stat worked: dev and ino are valid */
    dev_t dev;
    ino_t ino;
    char *path;               /* as given */
    char *canon;              /* absolute, without . and .. */
} input_id;

static GMutex lock;           /* inputs and held */
static GArray *inputs;        /* input_id */
static GPtrArray *held;       /* gy_output*, committed while holding; NULL: not holding */

void gy_output_protect(const char *path)
{
    if (!path || !strcmp(path, "-"))
        return;
    struct stat st;
    input_id in = { .known = stat(path, &st) == 0, .path = g_strdup(path),
                    .canon = g_canonicalize_filename(path, NULL) };
    if (in.known) {
        in.dev = st.st_dev;
        in.ino = st.st_ino;
    }
    g_mutex_lock(&lock);
    if (!inputs)
        inputs = g_array_new(FALSE, FALSE, sizeof(input_id));
    g_array_append_val(inputs, in);
    g_mutex_unlock(&lock);
}

void gy_output_forget_inputs(void)
{
    g_mutex_lock(&lock);
    for (guint i = 0; inputs && i < inputs->len; i++) {
        input_id *in = &g_array_index(inputs, input_id, i);
        g_free(in->path);
        g_free(in->canon);
    }
    g_clear_pointer(&inputs, g_array_unref);
    g_mutex_unlock(&lock);
}

/* The input that writing path would replace, or NULL: the same file (a hard link, a symlink
 * to it, another spelling of its name) or, for a file not there, the same name. A symlink at
 * path is refused too, though the rename would replace only the link: better safe. */
static const char *replaced_input(const char *path)
{
    struct stat st;
    bool there = stat(path, &st) == 0;
    char *canon = g_canonicalize_filename(path, NULL);
    const char *hit = NULL;
    g_mutex_lock(&lock);
    for (guint i = 0; inputs && i < inputs->len && !hit; i++) {
        const input_id *in = &g_array_index(inputs, input_id, i);
        if ((there && in->known && st.st_dev == in->dev && st.st_ino == in->ino) ||
            !strcmp(canon, in->canon))
            hit = in->path;
    }
    g_mutex_unlock(&lock);
    g_free(canon);
    return hit;
}

static gy_error refuse_input(const char *path, const char *input, GError **err)
{
    g_set_error(err, GY_ERROR, GY_E_USAGE,
                _("%s: this output would replace the input file %s; choose another output "
                  "folder (-o)"), path, input);
    return GY_E_USAGE;
}

/* ---- one output ---- */

struct gy_output {
    char *path;
    char *tmp;
    int slot;
    int fd;
    guint64 size;             /* of the committed file, with its SHA-256 (for the manifest) */
    char sha256[65];
    EVP_MD_CTX *ck;           /* SHA-256 of what gy_output_append wrote, or NULL */
    guint64 written;          /* bytes gy_output_append wrote */
    guint64 kicked;           /* of them, handed to the kernel's writeback (sync_file_range) */
    bool unhashed;            /* something was appended without ck: read back at commit */
};

static gy_error io_fail(const char *path, int code, GError **err)
{
    g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", path, g_strerror(code));
    return GY_E_IO;
}

/* Create and register a temporary file `dir/.base.tmp-PID-XXXXXX`: its descriptor, with *tmp
 * (newly allocated) and *slot set; or -1 with *code the errno, 0 when the registry is full. */
static int tmp_create(const char *dir, const char *base, mode_t mode, char **tmp, int *slot,
                      int *code)
{
    static const char sym[] = "abcdefghijklmnopqrstuvwxyz234567";
    for (int attempt = 0; attempt < 16; attempt++) {
        char tag[7];
        guint32 r = g_random_int();
        for (int i = 0; i < 6; i++, r >>= 5)
            tag[i] = sym[r & 31];
        tag[6] = '\0';
        char *name = g_strdup_printf("%s/.%s.tmp-%ld-%s", dir, base, (long)getpid(), tag);
        /* registered before it exists: a signal between the two finds nothing to remove */
        int s = slot_claim(name);
        if (s < 0) {
            g_free(name);
            *code = 0;
            return -1;
        }
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd >= 0) {
            *tmp = name;
            *slot = s;
            return fd;
        }
        *code = errno;
        slot_release(s);
        g_free(name);
        if (*code != EEXIST)
            return -1;
    }
    return -1;
}

static void dir_lock(const char *dir);

gy_output *gy_output_new(const char *path, bool personal, GError **err)
{
    /* whatever stands at path (a FIFO, a symlink to anything) is renamed over, never opened:
     * only a folder or a device stops the output. A device node only root can make: renaming
     * over it (a run as root writing to /dev/full) would destroy it, so it is refused. */
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        io_fail(path, EISDIR, err);
        return NULL;
    }
    if (lstat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
        g_set_error(err, GY_ERROR, GY_E_IO, _("%s: a device, not a file: guiyan writes only "
                    "regular files of its own and does not replace a device"), path);
        return NULL;
    }
    const char *input = replaced_input(path);
    if (input) {
        refuse_input(path, input, err);
        return NULL;
    }
    gy_output *o = g_new0(gy_output, 1);
    o->path = g_strdup(path);
    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    dir_lock(dir);
    int code = 0;
    o->fd = tmp_create(dir, base, personal ? 0600 : 0666, &o->tmp, &o->slot, &code);
    g_free(dir);
    g_free(base);
    if (o->fd < 0) {
        if (!code)
            g_set_error(err, GY_ERROR, GY_E_IO, _("%s: too many files being written at once"),
                        path);
        else
            io_fail(path, code, err);
        g_free(o->path);
        g_free(o);
        return NULL;
    }
    return o;
}

const char *gy_output_file(const gy_output *o)
{
    return o->tmp;
}

void gy_output_free(gy_output *o)
{
    if (!o)
        return;
    if (o->fd >= 0)
        close(o->fd);
    EVP_MD_CTX_free(o->ck);
    unlink(o->tmp);
    slot_release(o->slot);
    g_free(o->tmp);
    g_free(o->path);
    g_free(o);
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : EIO;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Start writing back what was appended, a few megabytes at a time, while the writer goes on:
 * the fsync at commit then waits for the last few only. */
#define KICK_BYTES (8u << 20)

gy_error gy_output_append(gy_output *o, const char *data, size_t len, GError **err)
{
    if (!o->ck && !o->written && !o->unhashed) {
        o->ck = EVP_MD_CTX_new();
        if (o->ck && EVP_DigestInit_ex(o->ck, EVP_sha256(), NULL) != 1)
            g_clear_pointer(&o->ck, EVP_MD_CTX_free);
        o->unhashed = !o->ck;     /* no hash as it goes: commit reads the file back */
    }
    int e = write_all(o->fd, data, len);
    if (e)
        return io_fail(o->path, e, err);
    if (o->ck)
        EVP_DigestUpdate(o->ck, data, len);
    o->written += len;
#ifdef SYNC_FILE_RANGE_WRITE
    if (o->written - o->kicked >= KICK_BYTES) {
        sync_file_range(o->fd, (off_t)o->kicked, (off_t)(o->written - o->kicked),
                        SYNC_FILE_RANGE_WRITE);
        o->kicked = o->written;
    }
#endif
    return GY_OK;
}

/* Put a complete temporary file in place and end o. */
static gy_error finish(gy_output *o, GError **err)
{
    int e = rename(o->tmp, o->path) != 0 ? errno : 0;
    gy_error r = e ? io_fail(o->path, e, err) : GY_OK;
    gy_output_free(o);     /* the temporary name is gone after a rename: unlink does nothing */
    return r;
}

static void sha_hex(const unsigned char *md, unsigned int len, char sha[65])
{
    static const char hex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < len && i < 32; i++) {
        sha[2 * i] = hex[md[i] >> 4];
        sha[2 * i + 1] = hex[md[i] & 15];
    }
    sha[64] = '\0';
}

/* SHA-256 and size of what fd holds, read from its start. 0 or errno. OpenSSL's SHA-256, as
 * for the inputs (tally.c): it uses the CPU's SHA instructions, several times GLib's speed on a
 * 200 MB updates.csv. */
static int digest_fd(int fd, guint64 *size, char sha[65])
{
    EVP_MD_CTX *ck = EVP_MD_CTX_new();
    if (!ck || EVP_DigestInit_ex(ck, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ck);
        return ENOMEM;
    }
    char *buf = g_malloc(1 << 16);
    guint64 n_all = 0;
    int e = 0;
    for (off_t at = 0;;) {
        ssize_t n = pread(fd, buf, 1 << 16, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            e = n < 0 ? errno : 0;
            break;
        }
        EVP_DigestUpdate(ck, buf, (size_t)n);
        at += n;
        n_all += (guint64)n;
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ck, md, &len);
    sha_hex(md, len, sha);
    *size = n_all;
    EVP_MD_CTX_free(ck);
    g_free(buf);
    return e;
}

gy_error gy_output_commit(gy_output *o, GError **err)
{
    /* on disk before the name points to it: a crash after the rename cannot leave an empty or
     * short file under the final name (ext4 and xfs delay writing data, not renames). The
     * writer may have written through the name (libxlsxwriter): read it back by the name,
     * as long as it is still the file created for it. A writer that only appended (through
     * the descriptor, from the start of the file created for it with O_EXCL under a name
     * of its own) hashed every byte as it went: the file holds those bytes and no others,
     * which its size confirms, and is not read again. */
    int e = 0;
    int fd = open(o->tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat a, b;
    if (fd < 0)
        e = errno;
    else if (fstat(fd, &a) != 0 || fstat(o->fd, &b) != 0)
        e = errno;
    else if (a.st_dev != b.st_dev || a.st_ino != b.st_ino || !S_ISREG(a.st_mode))
        e = ESTALE;
    if (!e && fsync(fd) != 0)
        e = errno;
    if (!e && o->ck && !o->unhashed && (guint64)a.st_size == o->written) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(o->ck, md, &len);
        sha_hex(md, len, o->sha256);
        o->size = o->written;
    } else if (!e) {
        e = digest_fd(fd, &o->size, o->sha256);
    }
    g_clear_pointer(&o->ck, EVP_MD_CTX_free);
    if (fd >= 0)
        close(fd);
    if (close(o->fd) != 0 && !e)
        e = errno;
    o->fd = -1;
    if (e) {
        io_fail(o->path, e, err);
        gy_output_free(o);
        return GY_E_IO;
    }
    g_mutex_lock(&lock);
    bool keep = held != NULL;
    if (keep)
        g_ptr_array_add(held, o);
    g_mutex_unlock(&lock);
    return keep ? GY_OK : finish(o, err);
}

static gy_error write_file(const char *path, const char *data, size_t len, bool personal,
                           GError **err)
{
    gy_output *o = gy_output_new(path, personal, err);
    if (!o)
        return err && *err ? (gy_error)(*err)->code : GY_E_IO;
    if (gy_output_append(o, data, len, err) != GY_OK) {
        gy_output_free(o);
        return GY_E_IO;
    }
    return gy_output_commit(o, err);
}

gy_error gy_output_write(const char *path, const char *data, size_t len, GError **err)
{
    return write_file(path, data, len, false, err);
}

gy_error gy_output_write_private(const char *path, const char *data, size_t len, GError **err)
{
    return write_file(path, data, len, true, err);
}

/* ---- a run's outputs ---- */

void gy_output_hold(void)
{
    g_mutex_lock(&lock);
    if (!held)
        held = g_ptr_array_new();
    g_mutex_unlock(&lock);
}

static GPtrArray *take_held(void)
{
    g_mutex_lock(&lock);
    GPtrArray *h = held;
    held = NULL;
    g_mutex_unlock(&lock);
    return h;
}

/* Why the rename of o would fail, checked before any rename is done: 0 or errno, with *owner
 * set for a name another user owns in a sticky folder. */
static int cannot_rename(const gy_output *o, uid_t *owner)
{
    char *dir = g_path_get_dirname(o->path);
    struct stat ds, st;
    int e = 0;
    if (stat(dir, &ds) != 0)
        e = errno;
    else if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) != 0)
        e = errno;
    else if (lstat(o->tmp, &st) != 0)
        e = errno;             /* the temporary file is gone: someone else is at work here */
    else if (lstat(o->path, &st) == 0) {
        uid_t me = geteuid();
        if (S_ISDIR(st.st_mode))
            e = EISDIR;
        else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
            e = ENODEV;        /* made since the output was begun: never renamed over */
        /* a sticky folder (/tmp, a shared 1777 folder): only the owner of a name, of the
         * folder, or root may replace it */
        else if ((ds.st_mode & S_ISVTX) && me != 0 && st.st_uid != me && ds.st_uid != me) {
            e = EPERM;
            *owner = st.st_uid;
        }
    }
    g_free(dir);
    return e;
}

/* The fixed order of the renames: by name, manifest.json last of all, so that a set cut short
 * (SIGKILL, a power cut) never has a manifest describing files that are not there yet. */
static bool is_manifest(const gy_output *o)
{
    const char *b = strrchr(o->path, '/');
    return !strcmp(b ? b + 1 : o->path, "manifest.json");
}

static int by_rename_order(gconstpointer a, gconstpointer b)
{
    const gy_output *x = *(gy_output *const *)a, *y = *(gy_output *const *)b;
    if (is_manifest(x) != is_manifest(y))
        return is_manifest(x) ? 1 : -1;
    return strcmp(x->path, y->path);
}

static void dir_unlock_all(void);

gy_error gy_output_publish(GError **err)
{
    GPtrArray *h = take_held();
    if (!h)
        return GY_OK;
    g_ptr_array_sort(h, by_rename_order);
    /* every rename checked before the first, so that one that cannot be done leaves the
     * folder as it was rather than half new */
    gy_error r = GY_OK;
    for (guint i = 0; i < h->len && r == GY_OK; i++) {
        const gy_output *o = g_ptr_array_index(h, i);
        uid_t owner = 0;
        int e = cannot_rename(o, &owner);
        if (e == EPERM && owner) {
            struct passwd *pw = getpwuid(owner);
            g_set_error(err, GY_ERROR, GY_E_IO,
                        _("%s: belongs to another user (%s) in a folder where only the owner may "
                          "replace it (sticky bit); nothing was replaced: remove it or choose "
                          "another output folder (-o)"),
                        o->path, pw ? pw->pw_name : "?");
            r = GY_E_IO;
        } else if (e) {
            r = io_fail(o->path, e, err);
        }
    }
    /* the renames take microseconds: a signal waits for them rather than leave a mixed set
     * (the other threads have ended by now, so none of them takes it meanwhile) */
    sigset_t block, old;
    sigemptyset(&block);
    for (size_t i = 0; i < G_N_ELEMENTS(guarded); i++)
        sigaddset(&block, guarded[i]);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    for (guint i = 0; i < h->len; i++) {
        gy_output *o = g_ptr_array_index(h, i);
        if (r == GY_OK)
            r = finish(o, err);
        else
            gy_output_free(o);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    g_ptr_array_free(h, TRUE);
    dir_unlock_all();
    return r;
}

gy_error gy_output_digest(const char *path, guint64 *size, char sha256[65], GError **err)
{
    bool found = false;
    g_mutex_lock(&lock);
    for (guint i = 0; held && i < held->len && !found; i++) {
        const gy_output *o = g_ptr_array_index(held, i);
        if (!strcmp(o->path, path)) {
            *size = o->size;
            memcpy(sha256, o->sha256, 65);
            found = true;
        }
    }
    g_mutex_unlock(&lock);
    if (found)
        return GY_OK;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    int e = fd < 0 ? errno : fstat(fd, &st) != 0 ? errno : !S_ISREG(st.st_mode) ? EINVAL : 0;
    if (!e)
        e = digest_fd(fd, size, sha256);
    if (fd >= 0)
        close(fd);
    return e ? io_fail(path, e, err) : GY_OK;
}

void gy_output_discard(void)
{
    GPtrArray *h = take_held();
    if (!h)
        return;
    for (guint i = 0; i < h->len; i++)
        gy_output_free(g_ptr_array_index(h, i));
    g_ptr_array_free(h, TRUE);
    dir_unlock_all();
}

gy_error gy_output_check_dir(const char *dir, const char *const *names, GError **err)
{
    /* the folder is made when the outputs are written: until then, its nearest parent */
    char *p = g_strdup(dir);
    struct stat st;
    int e;
    while ((e = stat(p, &st) == 0 ? 0 : errno) == ENOENT) {
        char *up = g_path_get_dirname(p);
        bool top = !strcmp(up, p);
        g_free(p);
        p = up;
        if (top)
            break;
    }
    if (!e && !S_ISDIR(st.st_mode))
        e = ENOTDIR;
    if (e) {
        g_set_error(err, GY_ERROR, GY_E_IO, _("%s: cannot use it as the output folder: %s"),
                    dir, g_strerror(e));
        g_free(p);
        return GY_E_IO;
    }
    char *tmp = NULL;
    int slot = -1;
    int fd = tmp_create(p, "guiyan-probe", 0600, &tmp, &slot, &e);
    g_free(p);
    if (fd < 0) {
        g_set_error(err, GY_ERROR, GY_E_IO, _("%s: cannot write into the output folder: %s"),
                    dir, g_strerror(e ? e : EMFILE));
        return GY_E_IO;
    }
    close(fd);
    unlink(tmp);
    slot_release(slot);
    g_free(tmp);
    for (size_t i = 0; names && names[i]; i++) {
        char *path = g_build_filename(dir, names[i], NULL);
        const char *input = replaced_input(path);
        gy_error r = GY_OK;
        if (input)
            r = refuse_input(path, input, err);
        else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            r = io_fail(path, EISDIR, err);
        g_free(path);
        if (r != GY_OK)
            return r;
    }
    return GY_OK;
}

static mode_t folder_mode = 0700;

void gy_output_group_readable(bool yes)
{
    folder_mode = yes ? 0750 : 0700;
}

/* Make dir and its missing parents with exactly folder_mode, whatever the umask: a folder of
 * people's records is not left open to other users. One that is there is left as it is. */
static int make_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
    char *up = g_path_get_dirname(dir);
    int e = strcmp(up, dir) != 0 ? make_dir(up) : 0;
    g_free(up);
    if (e)
        return e;
    if (mkdir(dir, folder_mode) != 0)
        return errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : errno;
    /* through a descriptor: a name swapped for a symlink meanwhile is not followed */
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    e = fd < 0 ? errno : fchmod(fd, folder_mode) != 0 ? errno : 0;
    if (fd >= 0)
        close(fd);
    return e;
}

gy_error gy_output_mkdir(const char *dir, GError **err)
{
    int e = make_dir(dir);
    if (e) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", dir, g_strerror(e));
        return GY_E_IO;
    }
    return GY_OK;
}

/* ---- the folder lock ----
 * Every run holds a shared flock on DIR/.guiyan.lock while it has outputs in flight there. A
 * run that gets the lock exclusively is alone, so every guiyan temporary file there of its
 * user is a leftover of a dead run (SIGKILL, a power cut): it removes them, then shares the
 * lock. Process IDs are never guessed from (they are reused, and live in other namespaces). */

#define LOCK_NAME ".guiyan.lock"

static GHashTable *dir_locks;       /* folder → descriptor + 1; under `lock` */

/* .NAME.tmp-PID-XXXXXX: the shape tmp_create gives */
static bool is_our_tmp(const char *name)
{
    const char *t = name[0] == '.' ? strstr(name, ".tmp-") : NULL;
    return t && t > name + 1 && strlen(t) > 5;
}

static void sweep_leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    uid_t me = geteuid();
    struct dirent *de;
    while ((de = readdir(d))) {
        struct stat st;
        if (is_our_tmp(de->d_name) &&
            fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode) && st.st_uid == me)
            unlinkat(dirfd(d), de->d_name, 0);
    }
    closedir(d);
}

static void dir_lock(const char *dir)
{
    char *key = g_canonicalize_filename(dir, NULL);
    g_mutex_lock(&lock);
    if (!dir_locks)
        dir_locks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (g_hash_table_contains(dir_locks, key)) {
        g_mutex_unlock(&lock);
        g_free(key);
        return;
    }
    char *path = g_build_filename(dir, LOCK_NAME, NULL);
    /* 0644 and opened read-only if need be: another user's run in a shared folder can take
     * the same lock. Never a FIFO or a link someone planted. */
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
    if (fd < 0)
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        fd = -1;
    }
    if (fd >= 0) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            sweep_leftovers(dir);
        /* never waits: a lock someone holds forever costs only the sweep */
        flock(fd, LOCK_SH | LOCK_NB);
    }
    g_hash_table_insert(dir_locks, key, GINT_TO_POINTER(fd + 1));
    g_mutex_unlock(&lock);
    g_free(path);
}

/* Give the locks back once no output is in flight (a process may run again: the tests, a
 * server). */
static void dir_unlock_all(void)
{
    g_mutex_lock(&lock);
    if (dir_locks && gy_output_in_flight() == 0) {
        GHashTableIter it;
        gpointer v;
        g_hash_table_iter_init(&it, dir_locks);
        while (g_hash_table_iter_next(&it, NULL, &v))
            if (GPOINTER_TO_INT(v) > 0)
                close(GPOINTER_TO_INT(v) - 1);
        g_hash_table_remove_all(dir_locks);
    }
    g_mutex_unlock(&lock);
}

/* OWASP's CSV injection rule: a spreadsheet runs a cell that begins with one of these. */
static bool csv_starts_formula(const char *v)
{
    return v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
           v[0] == '\r';
}

void gy_csv_text(GString *s, const char *v)
{
    bool apos = csv_starts_formula(v);
    bool quote = apos || strpbrk(v, ",\"\r\n") != NULL;
    if (!quote) {
        g_string_append(s, v);
        return;
    }
    g_string_append_c(s, '"');
    if (apos)
        g_string_append_c(s, '\'');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            g_string_append_c(s, '"');
        g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
}

/* -?digits(.digits)?: what guiyan's own number formatting writes */
static bool csv_plain_number(const char *v)
{
    const char *p = v + (*v == '-');
    if (!g_ascii_isdigit(*p))
        return false;
    while (g_ascii_isdigit(*p))
        p++;
    if (*p == '.') {
        if (!g_ascii_isdigit(*++p))
            return false;
        while (g_ascii_isdigit(*p))
            p++;
    }
    return *p == '\0';
}

void gy_csv_number(GString *s, const char *v)
{
    if (csv_plain_number(v))
        g_string_append(s, v);
    else
        gy_csv_text(s, v);
}
