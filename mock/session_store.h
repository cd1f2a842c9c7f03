/*
 * session_store.h - sessions and kernels in memory, as a Jupyter Server's
 * session and kernel managers keep them.
 *
 * It knows nothing of HTTP: callers ask it to find, create, change and
 * delete, and it keeps the invariants (an id index, a path index, the
 * creation order, kernels shared by sessions and shut down with them).
 * It is not locked: the caller serialises access (one request at a time
 * holds the engine lock), so no request sees a half-made change.
 *
 * Session fields path, name and type are kept as JSON text, because the
 * real server stores and echoes whatever JSON value it was given.
 */
#ifndef SESSION_STORE_H
#define SESSION_STORE_H

#include <stdint.h>

#include "buf.h"
#include "det.h"
#include "hindex.h"
#include "kernel_proto.h"
#include "rcbuf.h"

#define STORE_MAX_KERNELSPECS 16

struct kernel {
	char id[37];
	const char *name;       /* kernelspec name, owned by the store */
	int64_t last_activity;  /* virtual microseconds */
	char execution_state[16];
	int connections;
	char *reason;           /* NULL unless a failed start left a reason */
	int alive;              /* 0 once shut down */
	int refs;               /* sessions on it, + 1 while alive */
	uint64_t changed;       /* store version of its last change */
	struct kproto_kernel proto; /* what its channels websocket remembers */
	struct hindex_node by_id;
	struct kernel *prev, *next; /* live kernels in start order */
};

struct session {
	char id[37];
	char *path, *name, *type; /* JSON text of each value */
	struct kernel *kernel;
	uint64_t changed;         /* store version of its last change */
	uint64_t created;         /* store version at its creation: the order */
	uint64_t digest_at;       /* store version digest was taken at */
	char digest[41];          /* SHA-1 of its model, or "" */
	struct hindex_node by_id, by_path;
	struct session *prev, *next; /* creation order */
};

struct store_options {
	uint64_t seed;
	const char *kernelspecs[STORE_MAX_KERNELSPECS]; /* [0] is the default */
	int nkernelspecs;
	const char *initial_state; /* execution_state of a new kernel */
};

struct store;

/* NULL on bad options (no kernelspec).  Free with store_free. */
struct store *store_new(const struct store_options *opt);
void store_free(struct store *st);

enum store_lookup { STORE_FOUND, STORE_MISSING, STORE_CULLED };

/* Finds a session by id.  A session whose kernel is gone is removed on
 * the way, as the real server does, and STORE_CULLED says so with the
 * dead kernel's id copied to culled_kernel (37 bytes; may be NULL). */
enum store_lookup store_find(struct store *st, const char *id,
			     struct session **out, char *culled_kernel);
/* A session by id as it stands, without culling it; NULL if none. */
struct session *store_peek(struct store *st, const char *id);
/* The newest session, or NULL. */
struct session *store_last_session(struct store *st);
/* A fresh seeded UUID4 from the store's id sequence. */
void store_new_uuid(struct store *st, char out[37]);
/* The session with this path (JSON text) as the real server's
 * session_exists finds it: the oldest one of that path; if its kernel is
 * dead that session is culled and the path is free (NULL), even when a
 * newer session has the path too (a PATCH can give two one path). */
struct session *store_find_by_path(struct store *st, const char *path);
/* A live kernel, or NULL. */
struct kernel *store_find_kernel(struct store *st, const char *id);
int store_has_kernelspec(const struct store *st, const char *name);
const char *store_default_kernelspec(const struct store *st);

/* Starts a kernel of a known kernelspec (check store_has_kernelspec
 * first) with a seeded id, or with id when it is not NULL. */
struct kernel *store_start_kernel(struct store *st, const char *name,
				  int64_t now, const char *id);
/* Shuts a kernel down; its sessions are culled when next looked at. */
void store_shutdown_kernel(struct store *st, struct kernel *k);
/* Calls fn(ctx, k) as a live kernel is shut down, before it is gone (the
 * engine tells its websockets); fn NULL: nothing. */
void store_on_kernel_shutdown(struct store *st,
			      void (*fn)(void *ctx, struct kernel *k), void *ctx);
void store_set_kernel_state(struct store *st, struct kernel *k,
			    const char *execution_state);
void store_set_kernel_connections(struct store *st, struct kernel *k,
				  int connections);

/* Adds a session on kernel k; path/name/type are JSON texts (copied).
 * id may be NULL for a seeded one. */
struct session *store_add_session(struct store *st, const char *path,
				  const char *name, const char *type,
				  struct kernel *k, const char *id);
/* Replaces the fields given non-NULL (JSON texts, copied). */
void store_update_session(struct store *st, struct session *s,
			  const char *path, const char *name, const char *type);
void store_move_session(struct store *st, struct session *s,
			struct kernel *k);
void store_delete_session(struct store *st, struct session *s);

/* Appends the session's model as the real server's json.dumps writes
 * it.  Models are rendered when asked for, not kept: at 10,000 sessions a
 * kept copy would be a third of the memory, and rendering one is ~1 us. */
void store_session_json(const struct session *s, struct buf *out);
/* The SHA-1 (hex) of the session's model, given that model as just
 * rendered by store_session_json; kept with the session until it or its
 * kernel changes, so repeated GETs hash once. */
const char *store_session_digest(struct store *st, struct session *s,
				 const char *json, size_t len);
/* Appends the JSON array of live sessions in creation order, culling the
 * dead ones as the real server's list does. */
void store_list_json(struct store *st, struct buf *out);
/* The same array, built once per change of the store and shared: a new
 * reference for the caller to rcbuf_unref, and its SHA-1 (41 bytes). */
struct rcbuf *store_list_shared(struct store *st, char digest[41]);
/* Appends a kernel's model. */
void store_kernel_json(const struct kernel *k, struct buf *out);
/* Appends the JSON array of live kernels in start order. */
void store_kernels_json(struct store *st, struct buf *out);
/* The first live kernel in start order (follow ->next), or NULL. */
struct kernel *store_first_kernel(struct store *st);
/* Marks a change of k made by a caller (its protocol state, its activity)
 * so cached models and Etags are rebuilt. */
void store_touch_kernel(struct store *st, struct kernel *k);
size_t store_session_count(const struct store *st);
/* Bumped by every change; a cache keyed on it is valid while it holds. */
uint64_t store_version(const struct store *st);

#endif
