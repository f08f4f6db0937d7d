/* serve.h — `guiyan serve`, the bureau's web front door: a libsoup 3 server on GLib's main loop
 * with accounts, sessions and a JSON API over the jobs of jobs.h, and the page compiled in from
 * src/serve/www/ (GResource). A face: it computes no figure; every job is the command line run
 * as a child process. */
#ifndef GUIYAN_SERVE_H
#define GUIYAN_SERVE_H

#include <stdbool.h>
#include <glib.h>
#include "guiyan/jobs.h"

typedef struct gy_serve_opts {
    const char *listen;          /* ADDR:PORT (default 127.0.0.1:8600; port 0 picks one) */
    const char *data;            /* the data folder (users.json, audit.log, jobs/) */
    const char *tls_cert, *tls_key;
    bool behind_proxy;           /* a TLS proxy in front; X-Forwarded-For names the client */
    gy_jobs_limits lim;
    int max_connections;         /* open connections at once, idle keep-alive ones too */
    int password_days;           /* passwords expire after this (0: never) */
    int sweep_s;                 /* seconds between retention sweeps */
} gy_serve_opts;

/* Run the server until SIGINT or SIGTERM. Prints "guiyan serve: listening on URL" on standard
 * output once listening (the face's one line). False and *err when it cannot start. */
bool gy_serve_run(const gy_serve_opts *o, GError **err);

/* `guiyan serve …`: the server, or account management and the audit log check. */
int gy_cmd_serve(int argc, char **argv);

#endif
