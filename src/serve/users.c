/* users.c — accounts of guiyan serve: the JSON file, PBKDF2-SHA256 hashes and password rules. */
#include <string.h>
#include <json-glib/json-glib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "guiyan/i18n.h"
#include "guiyan/reader.h"
#include "guiyan/users.h"

struct gy_users {
    char *path;
    GPtrArray *list;         /* gy_user* */
};

static void user_free(gpointer p)
{
    gy_user *u = p;
    g_free(u->name);
    if (u->hash)
        OPENSSL_cleanse(u->hash, strlen(u->hash));
    g_free(u->hash);
    g_free(u);
}

gy_users *gy_users_load(const char *path, GError **err)
{
    gy_users *us = g_new0(gy_users, 1);
    us->path = g_strdup(path);
    us->list = g_ptr_array_new_with_free_func(user_free);
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        return us;
    JsonParser *p = json_parser_new();
    if (!json_parser_load_from_file(p, path, err))
        goto fail;
    JsonNode *root = json_parser_get_root(p);
    JsonArray *a = root && JSON_NODE_HOLDS_OBJECT(root)
                       ? json_object_get_array_member(json_node_get_object(root), "users") : NULL;
    if (!a) {
        g_set_error(err, GY_ERROR, GY_E_CONFIG, _("%s: not an accounts file"), path);
        goto fail;
    }
    for (guint i = 0; i < json_array_get_length(a); i++) {
        JsonObject *o = json_array_get_object_element(a, i);
        gy_user *u = g_new0(gy_user, 1);
        u->name = g_strdup(json_object_get_string_member_with_default(o, "name", ""));
        u->hash = g_strdup(json_object_get_string_member_with_default(o, "hash", ""));
        u->admin = json_object_get_boolean_member_with_default(o, "admin", FALSE);
        u->temporary = json_object_get_boolean_member_with_default(o, "temporary", FALSE);
        u->changed = json_object_get_int_member_with_default(o, "changed", 0);
        g_ptr_array_add(us->list, u);
    }
    g_object_unref(p);
    return us;
fail:
    g_object_unref(p);
    gy_users_free(us);
    return NULL;
}

void gy_users_free(gy_users *us)
{
    if (!us)
        return;
    g_ptr_array_free(us->list, TRUE);
    g_free(us->path);
    g_free(us);
}

bool gy_users_save(const gy_users *us, GError **err)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "users");
    json_builder_begin_array(b);
    for (guint i = 0; i < us->list->len; i++) {
        const gy_user *u = us->list->pdata[i];
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, u->name);
        json_builder_set_member_name(b, "hash");
        json_builder_add_string_value(b, u->hash);
        json_builder_set_member_name(b, "admin");
        json_builder_add_boolean_value(b, u->admin);
        json_builder_set_member_name(b, "temporary");
        json_builder_add_boolean_value(b, u->temporary);
        json_builder_set_member_name(b, "changed");
        json_builder_add_int_value(b, u->changed);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    JsonNode *root = json_builder_get_root(b);
    char *text = json_to_string(root, TRUE);
    bool ok = g_file_set_contents_full(us->path, text, -1,
                                       G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                       0600, err);
    OPENSSL_cleanse(text, strlen(text));
    g_free(text);
    json_node_unref(root);
    g_object_unref(b);
    return ok;
}

gy_user *gy_users_find(gy_users *us, const char *name)
{
    for (guint i = 0; name && i < us->list->len; i++) {
        gy_user *u = us->list->pdata[i];
        if (strcmp(u->name, name) == 0)
            return u;
    }
    return NULL;
}

size_t gy_users_count(const gy_users *us) { return us->list->len; }
gy_user *gy_users_nth(gy_users *us, size_t i) { return us->list->pdata[i]; }

static bool plain_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return false;
    for (; *s; s++)
        if (!g_ascii_isalnum(*s) && *s != '.' && *s != '_' && *s != '-')
            return false;
    return true;
}

bool gy_users_add(gy_users *us, const char *name, const char *hash, bool admin, bool temporary,
                  GError **err)
{
    if (!plain_name(name)) {
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("'%s' is not a user name (letters, digits, '.', '_' and '-'; at most 64)"),
                    name);
        return false;
    }
    if (gy_users_find(us, name)) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("user '%s' already exists"), name);
        return false;
    }
    gy_user *u = g_new0(gy_user, 1);
    u->name = g_strdup(name);
    u->admin = admin;
    gy_user_set_hash(u, hash, temporary);
    g_ptr_array_add(us->list, u);
    return true;
}

bool gy_users_remove(gy_users *us, const char *name, GError **err)
{
    gy_user *u = gy_users_find(us, name);
    if (!u) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("no user '%s'"), name);
        return false;
    }
    g_ptr_array_remove(us->list, u);
    return true;
}

void gy_user_set_hash(gy_user *u, const char *hash, bool temporary)
{
    g_free(u->hash);
    u->hash = g_strdup(hash);
    u->temporary = temporary;
    u->changed = g_get_real_time() / G_USEC_PER_SEC;
}

bool gy_user_expired(const gy_user *u, int days, gint64 now)
{
    return days > 0 && now - u->changed > (gint64)days * 86400;
}

bool gy_password_acceptable(const char *pw, const char *user, GError **err)
{
    int lower = 0, upper = 0, digit = 0, other = 0;
    for (const char *s = pw; *s; s++) {
        if (g_ascii_islower(*s)) lower = 1;
        else if (g_ascii_isupper(*s)) upper = 1;
        else if (g_ascii_isdigit(*s)) digit = 1;
        else other = 1;
    }
    if (!g_utf8_validate(pw, -1, NULL) || g_utf8_strlen(pw, -1) < GY_PASSWORD_MIN) {
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("a password needs at least %d characters"), GY_PASSWORD_MIN);
        return false;
    }
    if (lower + upper + digit + other < 3) {
        g_set_error(err, GY_ERROR, GY_E_USAGE,
                    _("a password needs three of: lower case, upper case, digits, other "
                      "characters"));
        return false;
    }
    if (user && g_ascii_strcasecmp(pw, user) == 0) {
        g_set_error(err, GY_ERROR, GY_E_USAGE, _("a password cannot be the user name"));
        return false;
    }
    return true;
}

static bool derive(const char *pw, const unsigned char *salt, size_t nsalt, unsigned iter,
                   unsigned char out[32])
{
    return PKCS5_PBKDF2_HMAC(pw, (int)strlen(pw), salt, (int)nsalt, (int)iter, EVP_sha256(),
                             32, out) == 1;
}

static char *hex(const unsigned char *b, size_t n)
{
    char *s = g_malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        g_snprintf(s + 2 * i, 3, "%02x", b[i]);
    return s;
}

static bool unhex(const char *s, unsigned char *out, size_t n)
{
    if (strlen(s) != 2 * n)
        return false;
    for (size_t i = 0; i < n; i++) {
        int hi = g_ascii_xdigit_value(s[2 * i]), lo = g_ascii_xdigit_value(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (unsigned char)(hi * 16 + lo);
    }
    return true;
}

char *gy_password_hash(const char *pw, unsigned iterations)
{
    unsigned char salt[16], dk[32];
    if (RAND_bytes(salt, sizeof salt) != 1 || !derive(pw, salt, sizeof salt, iterations, dk))
        return NULL;
    char *hs = hex(salt, sizeof salt), *hd = hex(dk, sizeof dk);
    char *out = g_strdup_printf("pbkdf2-sha256$%u$%s$%s", iterations, hs, hd);
    OPENSSL_cleanse(dk, sizeof dk);
    g_free(hs);
    g_free(hd);
    return out;
}

bool gy_password_verify(const char *stored, const char *pw)
{
    if (!stored || !pw)
        return false;
    char **part = g_strsplit(stored, "$", 5);
    bool ok = false;
    unsigned char salt[16], want[32], got[32];
    if (g_strv_length(part) == 4 && strcmp(part[0], "pbkdf2-sha256") == 0) {
        guint64 iter = g_ascii_strtoull(part[1], NULL, 10);
        ok = iter >= 1 && iter <= 100000000 && unhex(part[2], salt, sizeof salt) &&
             unhex(part[3], want, sizeof want) && derive(pw, salt, sizeof salt, (unsigned)iter, got) &&
             CRYPTO_memcmp(want, got, sizeof got) == 0;
    }
    OPENSSL_cleanse(got, sizeof got);
    g_strfreev(part);
    return ok;
}

unsigned gy_password_iterations(void)
{
    const char *e = g_getenv("GUIYAN_PBKDF2_ITERATIONS");
    guint64 n = e && *e ? g_ascii_strtoull(e, NULL, 10) : 0;
    return n >= 1 && n <= 100000000 ? (unsigned)n : GY_PBKDF2_ITERATIONS;
}
