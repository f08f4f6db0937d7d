/* users.h — the accounts of guiyan serve: PBKDF2-SHA256 password hashes with a per-user salt
 * and iteration count, password rules (length, character classes, expiry, temporary
 * passwords), kept in one JSON file (0600) under the data folder. No I/O but load and save;
 * the server calls the hashing functions from a worker thread (they touch no shared state). */
#ifndef GUIYAN_USERS_H
#define GUIYAN_USERS_H

#include <stdbool.h>
#include <glib.h>

#define GY_PBKDF2_ITERATIONS 600000       /* OWASP 2023 for PBKDF2-HMAC-SHA256 */
#define GY_PASSWORD_MIN 10
#define GY_PASSWORD_DAYS 90

typedef struct gy_user {
    char *name;
    char *hash;              /* "pbkdf2-sha256$ITER$SALT_HEX$HASH_HEX" */
    bool admin;
    bool temporary;          /* must be changed at the next login */
    gint64 changed;          /* when the password was set, seconds since 1970 */
} gy_user;

typedef struct gy_users gy_users;

/* Load the accounts from path (a missing file is an empty set). NULL and *err on a file that
 * cannot be read or parsed. Free with gy_users_free (NULL accepted). */
gy_users *gy_users_load(const char *path, GError **err);
void gy_users_free(gy_users *us);
/* Write the accounts back (temporary file, rename; mode 0600). */
bool gy_users_save(const gy_users *us, GError **err);

/* The account named name, or NULL; owned by us, valid until the next change. */
gy_user *gy_users_find(gy_users *us, const char *name);
size_t gy_users_count(const gy_users *us);
gy_user *gy_users_nth(gy_users *us, size_t i);
/* Add an account with the hash given (from gy_password_hash); false and *err if the name is
 * taken or not a plain name (letters, digits, . _ -, at most 64 bytes). */
bool gy_users_add(gy_users *us, const char *name, const char *hash, bool admin, bool temporary,
                  GError **err);
bool gy_users_remove(gy_users *us, const char *name, GError **err);
/* Replace an account's hash (it takes a copy), stamping the time; temporary as given. */
void gy_user_set_hash(gy_user *u, const char *hash, bool temporary);
/* True when the password is older than days (0: never expires). */
bool gy_user_expired(const gy_user *u, int days, gint64 now);

/* Check a new password against the rules: at least GY_PASSWORD_MIN characters with three of
 * lower case, upper case, digits and other characters; not the user name. */
bool gy_password_acceptable(const char *pw, const char *user, GError **err);
/* A new hash string for pw with a fresh 16-byte salt (newly allocated), or NULL when the
 * random source or OpenSSL failed. Slow by design: call off the main loop. */
char *gy_password_hash(const char *pw, unsigned iterations);
/* True when pw matches stored (in constant time over the hash). */
bool gy_password_verify(const char *stored, const char *pw);
/* The iteration count for new hashes: GUIYAN_PBKDF2_ITERATIONS when set (tests lower it),
 * else GY_PBKDF2_ITERATIONS. */
unsigned gy_password_iterations(void);

#endif
