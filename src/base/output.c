/* output.c — output files: temporary name, registered for the signal handler, fsync, rename;
 * held renames for a whole run; inputs no output may replace; CSV field quoting. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

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

static void on_signal(int sig)
{
    gy_output_sweep();
    raise(sig);       /* SA_RESETHAND made it the default action: it ends the process */
}

void gy_output_guard_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(guarded); i++)
        sigaddset(&sa.sa_mask, guarded[i]);
    for (size_t i = 0; i < G_N_ELEMENTS(guarded); i++) {
        struct sigaction old;
        if (sigaction(guarded[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(guarded[i], &sa, NULL);
    }
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
    bool copy;                /* path is a device or a pipe: copy tmp into it, never rename */
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

gy_output *gy_output_new(const char *path, bool personal, GError **err)
{
    struct stat st;
    bool copy = false;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            io_fail(path, EISDIR, err);
            return NULL;
        }
        /* never rename over a device: as root, /dev/full would become a file */
        copy = !S_ISREG(st.st_mode);
    }
    const char *input = replaced_input(path);
    if (input) {
        refuse_input(path, input, err);
        return NULL;
    }
    gy_output *o = g_new0(gy_output, 1);
    o->path = g_strdup(path);
    o->copy = copy;
    char *dir = copy ? g_strdup(g_get_tmp_dir()) : g_path_get_dirname(path);
    char *base = copy ? g_strdup("guiyan") : g_path_get_basename(path);
    int code = 0;
    o->fd = tmp_create(dir, base, personal || copy ? 0600 : 0666, &o->tmp, &o->slot, &code);
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

/* Copy the finished temporary file into an existing device or pipe. 0 or errno. */
static int copy_into(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return errno;
    int out = open(to, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    int e = out < 0 ? errno : 0;
    char buf[1 << 16];
    while (!e) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            e = n < 0 ? errno : 0;
            break;
        }
        e = write_all(out, buf, (size_t)n);
    }
    if (out >= 0 && close(out) != 0 && !e)
        e = errno;
    close(in);
    return e;
}

/* Put a complete temporary file in place and end o. */
static gy_error finish(gy_output *o, GError **err)
{
    int e = 0;
    if (o->copy)
        e = copy_into(o->tmp, o->path);
    else if (rename(o->tmp, o->path) != 0)
        e = errno;
    gy_error r = e ? io_fail(o->path, e, err) : GY_OK;
    gy_output_free(o);     /* the temporary name is gone after a rename: unlink does nothing */
    return r;
}

gy_error gy_output_commit(gy_output *o, GError **err)
{
    /* on disk before the name points to it: a crash after the rename cannot leave an empty or
     * short file under the final name (ext4 and xfs delay writing data, not renames) */
    int e = !o->copy && fsync(o->fd) != 0 ? errno : 0;
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
    int e = write_all(o->fd, data, len);
    if (e) {
        gy_output_free(o);
        return io_fail(path, e, err);
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

gy_error gy_output_publish(GError **err)
{
    GPtrArray *h = take_held();
    if (!h)
        return GY_OK;
    /* the renames take microseconds: a signal waits for them rather than leave a mixed set
     * (the other threads have ended by now, so none of them takes it meanwhile) */
    sigset_t block, old;
    sigemptyset(&block);
    for (size_t i = 0; i < G_N_ELEMENTS(guarded); i++)
        sigaddset(&block, guarded[i]);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    gy_error r = GY_OK;
    /* copies into devices and pipes last, with signals back: a pipe may block */
    for (int copies = 0; copies < 2; copies++) {
        for (guint i = 0; i < h->len; i++) {
            gy_output *o = g_ptr_array_index(h, i);
            if (!o || o->copy != copies)
                continue;
            if (r == GY_OK)
                r = finish(o, err);
            else
                gy_output_free(o);
            g_ptr_array_index(h, i) = NULL;
        }
        if (!copies)
            pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    g_ptr_array_free(h, TRUE);
    return r;
}

void gy_output_discard(void)
{
    GPtrArray *h = take_held();
    if (!h)
        return;
    for (guint i = 0; i < h->len; i++)
        gy_output_free(g_ptr_array_index(h, i));
    g_ptr_array_free(h, TRUE);
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

gy_error gy_output_mkdir(const char *dir, GError **err)
{
    if (g_mkdir_with_parents(dir, 0777) != 0) {
        g_set_error(err, GY_ERROR, GY_E_IO, "%s: %s", dir, g_strerror(errno));
        return GY_E_IO;
    }
    return GY_OK;
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
