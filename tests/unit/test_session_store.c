/* test_session_store.c - sessions and kernels in memory. */
#include <stdlib.h>
#include <string.h>

#include "det.h"
#include "session_store.h"
#include "sha1.h"
#include "tap.h"

#define JAN_1_2026_US (1767225600LL * 1000000)
#define KID "7f3e9b2c-1a4d-4e8f-b6c5-0d2e4f6a8b01"
#define KID2 "7f3e9b2c-1a4d-4e8f-b6c5-0d2e4f6a8b02"
#define SID "5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01"
#define SID2 "5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e02"

static struct store *new_store(uint64_t seed)
{
	struct store_options opt = {.seed = seed,
				    .kernelspecs = {"python3", "ir"},
				    .nkernelspecs = 2};
	return store_new(&opt);
}

static const char *session_json(struct session *s)
{
	static struct buf text;
	buf_free(&text);
	store_session_json(s, &text);
	return buf_cstr(&text);
}

static void test_options(void)
{
	struct store_options none = {.seed = 1, .nkernelspecs = 0};
	CHECK(store_new(&none) == NULL, "a store with no kernelspec is refused");
	struct store *st = new_store(1);
	CHECK(st != NULL, "a store with kernelspecs is made");
	CHECK_STR(store_default_kernelspec(st), "python3",
		  "the first kernelspec is the default");
	CHECK(store_has_kernelspec(st, "ir") && !store_has_kernelspec(st, "julia"),
	      "kernelspecs are known by name");
	CHECK(store_session_count(st) == 0, "a new store has no sessions");
	struct buf b = {0};
	store_list_json(st, &b);
	CHECK_STR(buf_cstr(&b), "[]", "a new store lists []");
	buf_reset(&b);
	store_kernels_json(st, &b);
	CHECK_STR(buf_cstr(&b), "[]", "a new store lists no kernels");
	buf_free(&b);
	store_free(st);
	store_free(NULL);
}

static void test_seeded_ids(void)
{
	struct det_rng rng;
	char want_k[37], want_s[37];
	det_rng_seed(&rng, 7);
	det_uuid4(&rng, want_k);
	det_uuid4(&rng, want_s);
	struct store *st = new_store(7);
	struct kernel *k = store_start_kernel(st, "python3", JAN_1_2026_US, NULL);
	struct session *s = store_add_session(st, "\"a\"", "null", "\"file\"", k, NULL);
	CHECK_STR(k->id, want_k, "the first kernel takes the seed's first uuid");
	CHECK_STR(s->id, want_s, "the first session takes the seed's second uuid");
	struct store *st2 = new_store(7);
	struct kernel *k2 = store_start_kernel(st2, "python3", 0, NULL);
	CHECK_STR(k2->id, k->id, "two stores with one seed mint the same ids");
	store_free(st2);
	struct store *st3 = new_store(8);
	struct kernel *k3 = store_start_kernel(st3, "python3", 0, NULL);
	CHECK(strcmp(k3->id, k->id) != 0, "another seed mints other ids");
	store_free(st3);
	store_free(st);
}

static void test_find_and_render(void)
{
	struct store *st = new_store(1);
	uint64_t v0 = store_version(st);
	struct kernel *k = store_start_kernel(st, "python3", JAN_1_2026_US + 1000, KID);
	struct session *s = store_add_session(st, "\"a.ipynb\"", "\"a.ipynb\"",
					      "\"notebook\"", k, SID);
	CHECK(store_version(st) > v0, "a change bumps the version");
	CHECK(store_session_count(st) == 1, "the count follows adds");
	struct session *found = NULL;
	char culled[37] = "";
	CHECK(store_find(st, SID, &found, culled) == STORE_FOUND && found == s,
	      "a session is found by id");
	CHECK(store_find(st, SID2, &found, culled) == STORE_MISSING && found == NULL,
	      "an unknown id is missing");
	CHECK(store_find_by_path(st, "\"a.ipynb\"") == s, "a session is found by path");
	CHECK(store_find_by_path(st, "\"b.ipynb\"") == NULL, "an unknown path finds nothing");
	CHECK(store_find_kernel(st, KID) == k, "a kernel is found by id");
	CHECK(store_find_kernel(st, KID2) == NULL, "an unknown kernel is not found");

	const char *want =
		"{\"id\": \"" SID "\", \"path\": \"a.ipynb\", \"name\": \"a.ipynb\", "
		"\"type\": \"notebook\", \"kernel\": {\"id\": \"" KID "\", "
		"\"name\": \"python3\", \"last_activity\": \"2026-01-01T00:00:00.001000Z\", "
		"\"execution_state\": \"starting\", \"connections\": 0}, "
		"\"notebook\": {\"path\": \"a.ipynb\", \"name\": \"a.ipynb\"}}";
	CHECK_STR(session_json(s), want,
		  "a notebook session renders with the kernel and the notebook mirror");
	struct buf list = {0};
	store_list_json(st, &list);
	struct buf want_list = {0};
	buf_printf(&want_list, "[%s]", want);
	CHECK_STR(buf_cstr(&list), buf_cstr(&want_list),
		  "the list holds the session's exact bytes");
	buf_free(&want_list);
	buf_reset(&list);
	store_kernels_json(st, &list);
	CHECK_STR(buf_cstr(&list),
		  "[{\"id\": \"" KID "\", \"name\": \"python3\", "
		  "\"last_activity\": \"2026-01-01T00:00:00.001000Z\", "
		  "\"execution_state\": \"starting\", \"connections\": 0}]",
		  "the kernel list holds the kernel model");
	buf_free(&list);

	store_update_session(st, s, NULL, "null", "\"console\"");
	CHECK_STR(session_json(s),
		  "{\"id\": \"" SID "\", \"path\": \"a.ipynb\", \"name\": null, "
		  "\"type\": \"console\", \"kernel\": {\"id\": \"" KID "\", "
		  "\"name\": \"python3\", \"last_activity\": \"2026-01-01T00:00:00.001000Z\", "
		  "\"execution_state\": \"starting\", \"connections\": 0}}",
		  "an update re-renders, and a non-notebook has no notebook mirror");
	store_update_session(st, s, "5", NULL, "\"notebook\"");
	CHECK(strstr(session_json(s),
		     "\"path\": 5, \"name\": null, \"type\": \"notebook\"") != NULL,
	      "fields are kept as the JSON text given");
	CHECK(strstr(session_json(s), "\"notebook\": {\"path\": 5, \"name\": null}") != NULL,
	      "the notebook mirror comes back with type notebook");
	CHECK(store_find_by_path(st, "\"a.ipynb\"") == NULL &&
		      store_find_by_path(st, "5") == s,
	      "an updated path re-indexes the session");
	store_set_kernel_state(st, k, "idle");
	CHECK(strstr(session_json(s), "\"execution_state\": \"idle\"") != NULL,
	      "a kernel state change re-renders the session");
	store_free(st);
}

static void test_shared_kernel_culling(void)
{
	struct store *st = new_store(1);
	struct kernel *k = store_start_kernel(st, "python3", JAN_1_2026_US, KID);
	struct session *a = store_add_session(st, "\"a\"", "\"a\"", "\"file\"", k, SID);
	struct session *b = store_add_session(st, "\"b\"", "\"b\"", "\"file\"", k, SID2);
	struct kernel *k2 = store_start_kernel(st, "ir", JAN_1_2026_US, KID2);
	struct session *c = store_add_session(st, "\"c\"", "\"c\"", "\"file\"", k2,
					      "5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e03");
	CHECK(a->kernel == b->kernel, "two sessions can share a kernel");
	store_delete_session(st, a);
	store_shutdown_kernel(st, k);
	CHECK(store_find_kernel(st, KID) == NULL, "a shut-down kernel is not found");
	CHECK(store_session_count(st) == 2, "the other session stays until looked at");
	struct session *found = (struct session *)1;
	char culled[37] = "";
	CHECK(store_find(st, SID2, &found, culled) == STORE_CULLED && found == NULL,
	      "a session on a shut-down kernel is culled on lookup");
	CHECK_STR(culled, KID, "the culled lookup names the dead kernel");
	CHECK(store_find(st, SID2, &found, NULL) == STORE_MISSING,
	      "a culled session is gone afterwards");
	CHECK(store_session_count(st) == 1, "culling removes the session");
	struct session *d = store_add_session(st, "\"d\"", "\"d\"", "\"file\"", k2, NULL);
	store_shutdown_kernel(st, k2);
	struct buf list = {0};
	store_list_json(st, &list);
	CHECK_STR(buf_cstr(&list), "[]", "the list drops sessions on dead kernels");
	CHECK(store_session_count(st) == 0, "the list deletes the dead sessions");
	buf_free(&list);
	(void)c;
	(void)d;
	store_free(st);
}

static void test_path_lookup_culls(void)
{
	struct store *st = new_store(1);
	struct kernel *k = store_start_kernel(st, "python3", 0, NULL);
	store_add_session(st, "\"p\"", "null", "\"file\"", k, NULL);
	store_shutdown_kernel(st, k);
	CHECK(store_find_by_path(st, "\"p\"") == NULL,
	      "a path on a dead kernel finds no live session");
	CHECK(store_session_count(st) == 0, "the path lookup removes the dead session");
	struct kernel *k2 = store_start_kernel(st, "python3", 0, NULL);
	struct session *s = store_add_session(st, "\"p\"", "null", "\"file\"", k2, NULL);
	CHECK(store_find_by_path(st, "\"p\"") == s, "the path can be used again");
	store_free(st);
}

/* Two sessions of one path (a PATCH moved one onto the other's path): the
 * oldest answers, whatever order the renames came in; if its kernel died
 * it is culled and the path counts as free although the newer one lives. */
static void test_path_lookup_oldest(void)
{
	struct store *st = new_store(1);
	struct kernel *k1 = store_start_kernel(st, "python3", 0, NULL);
	struct kernel *k2 = store_start_kernel(st, "python3", 0, NULL);
	struct session *old = store_add_session(st, "\"a\"", "null", "\"file\"", k1, NULL);
	struct session *young = store_add_session(st, "\"b\"", "null", "\"file\"", k2, NULL);
	store_update_session(st, young, "\"c\"", NULL, NULL);
	store_update_session(st, old, "\"c\"", NULL, NULL);
	CHECK(store_find_by_path(st, "\"c\"") == old,
	      "the oldest session of a path is found, though renamed last");
	store_shutdown_kernel(st, k1);
	CHECK(store_find_by_path(st, "\"c\"") == NULL,
	      "the oldest on a dead kernel leaves the path free");
	CHECK(store_session_count(st) == 1 && store_peek(st, young->id) == young,
	      "only that dead session is culled");
	CHECK(store_find_by_path(st, "\"c\"") == young,
	      "next time the surviving session of the path is found");
	store_free(st);
}

static void test_order_and_move(void)
{
	struct store *st = new_store(3);
	struct kernel *k1 = store_start_kernel(st, "python3", 0, KID);
	struct kernel *k2 = store_start_kernel(st, "python3", 0, KID2);
	struct session *s1 = store_add_session(st, "\"1\"", "null", "\"file\"", k1, SID);
	struct session *s2 = store_add_session(st, "\"2\"", "null", "\"file\"", k1, SID2);
	struct buf list = {0};
	store_list_json(st, &list);
	const char *p1 = strstr(list.data, SID), *p2 = strstr(list.data, SID2);
	CHECK(p1 && p2 && p1 < p2, "the list is in creation order");
	buf_reset(&list);
	store_kernels_json(st, &list);
	p1 = strstr(list.data, KID);
	p2 = strstr(list.data, KID2);
	CHECK(p1 && p2 && p1 < p2, "the kernel list is in start order");

	(void)session_json(s2);
	store_move_session(st, s2, k2);
	CHECK(s2->kernel == k2, "a session moves to another kernel");
	CHECK(strstr(session_json(s2), "\"kernel\": {\"id\": \"" KID2 "\"") != NULL,
	      "a moved session re-renders with its new kernel");
	store_shutdown_kernel(st, k2);
	struct session *found;
	CHECK(store_find(st, SID, &found, NULL) == STORE_FOUND && found == s1,
	      "the session left on the old kernel stays alive");
	CHECK(store_find(st, SID2, &found, NULL) == STORE_CULLED,
	      "the moved session dies with its new kernel");
	buf_reset(&list);
	store_kernels_json(st, &list);
	CHECK(strstr(list.data, KID2) == NULL && strstr(list.data, KID) != NULL,
	      "the kernel list drops shut-down kernels");
	buf_free(&list);
	store_free(st);
}

static void test_kernel_reason(void)
{
	struct store *st = new_store(1);
	struct kernel *k = store_start_kernel(st, "python3", 0, KID);
	k->reason = strdup("boom");
	struct buf b = {0};
	store_kernel_json(k, &b);
	CHECK(strstr(b.data, ", \"connections\": 0, \"reason\": \"boom\"}") != NULL,
	      "a kernel with a reason shows it last");
	buf_free(&b);
	store_free(st);
}

static void test_list_shared(void)
{
	struct store *st = new_store(1);
	struct kernel *k = store_start_kernel(st, "python3", 0, NULL);
	store_add_session(st, "\"a\"", "null", "\"file\"", k, NULL);
	char digest[41], again[41], hex[41];
	struct buf list = {0};
	store_list_json(st, &list);
	struct rcbuf *one = store_list_shared(st, digest);
	sha1_hex(list.data, list.len, hex);
	CHECK(one->len == list.len && !memcmp(one->data, list.data, list.len),
	      "the shared list holds the same bytes as store_list_json");
	CHECK_STR(digest, hex, "the shared list comes with its SHA-1");
	struct rcbuf *two = store_list_shared(st, again);
	CHECK(two == one, "the shared list is built once until the store changes");
	store_add_session(st, "\"b\"", "null", "\"file\"", k, NULL);
	struct rcbuf *three = store_list_shared(st, again);
	CHECK(three != one && three->len > one->len && strcmp(again, digest),
	      "a change builds a new list, and the old one stays valid for its readers");
	rcbuf_unref(one);
	rcbuf_unref(two);
	rcbuf_unref(three);
	buf_free(&list);
	store_free(st);
}

/* The digest is the model's SHA-1, kept until the session or its kernel
 * changes: a stale text passed while it holds does not replace it. */
static void test_session_digest(void)
{
	struct store *st = new_store(1);
	struct kernel *k = store_start_kernel(st, "python3", 0, KID);
	struct session *s = store_add_session(st, "\"a.ipynb\"", "\"\"",
					      "\"notebook\"", k, SID);
	char want[41];
	const char *text = session_json(s);
	sha1_hex(text, strlen(text), want);
	CHECK_STR(store_session_digest(st, s, text, strlen(text)), want,
		  "the digest is the SHA-1 of the model");
	CHECK_STR(store_session_digest(st, s, "stale", 5), want,
		  "while nothing changes the digest is kept, not recomputed");
	store_update_session(st, s, NULL, "\"renamed\"", NULL);
	text = session_json(s);
	sha1_hex(text, strlen(text), want);
	CHECK_STR(store_session_digest(st, s, text, strlen(text)), want,
		  "a renamed session is hashed again");
	store_set_kernel_state(st, k, "busy");
	text = session_json(s);
	sha1_hex(text, strlen(text), want);
	CHECK_STR(store_session_digest(st, s, text, strlen(text)), want,
		  "a change of its kernel's state is hashed again");
	store_set_kernel_connections(st, k, 3);
	text = session_json(s);
	sha1_hex(text, strlen(text), want);
	CHECK_STR(store_session_digest(st, s, text, strlen(text)), want,
		  "a change of its kernel's connections is hashed again");
	struct kernel *k2 = store_start_kernel(st, "ir", 0, KID2);
	store_move_session(st, s, k2);
	text = session_json(s);
	sha1_hex(text, strlen(text), want);
	CHECK_STR(store_session_digest(st, s, text, strlen(text)), want,
		  "a session moved to another kernel is hashed again");
	store_free(st);
}

static int shutdowns;
static char shut_id[37];

static void count_shutdown(void *ctx, struct kernel *k)
{
	(void)ctx;
	shutdowns++;
	snprintf(shut_id, sizeof shut_id, "%s", k->id);
}

static void test_shutdown_hook(void)
{
	struct store_options o = {.seed = 1, .kernelspecs = {"python3"}, .nkernelspecs = 1};
	struct store *st = store_new(&o);
	store_on_kernel_shutdown(st, count_shutdown, NULL);
	struct kernel *k = store_start_kernel(st, "python3", 0, NULL);
	store_add_session(st, "\"a\"", "null", "\"notebook\"", k, NULL);
	store_shutdown_kernel(st, k);
	CHECK(shutdowns == 1 && !strcmp(shut_id, k->id), "the shutdown hook hears of a kernel shut down");
	store_shutdown_kernel(st, k);
	CHECK(shutdowns == 1, "once: a dead kernel is not shut down again");
	store_on_kernel_shutdown(st, NULL, NULL);
	store_shutdown_kernel(st, store_start_kernel(st, "python3", 0, NULL));
	CHECK(shutdowns == 1, "no hook: nothing is called");
	store_free(st);
}

int main(void)
{
	test_shutdown_hook();
	test_session_digest();
	test_path_lookup_oldest();
	test_list_shared();
	test_options();
	test_seeded_ids();
	test_find_and_render();
	test_shared_kernel_culling();
	test_path_lookup_culls();
	test_order_and_move();
	test_kernel_reason();
	return tap_done();
}
