/* Unit tests of generator/opid.c: derived operationIds. */
#include "arena.h"
#include "hash.h"
#include "opid.h"
#include "tap.h"

int main(void)
{
	struct arena *a = arena_new();
	struct hash used;

	CHECK_STR(opid_derive(a, "GET", "/api/sessions", "sessions"),
		  "sessionsList", "GET of a collection is List");
	CHECK_STR(opid_derive(a, "GET", "/api/sessions/{session}", "sessions"),
		  "sessionsGet", "GET of a {param} path is Get");
	CHECK_STR(opid_derive(a, "POST", "/a", "Tree Nodes"), "treeNodesCreate",
		  "a tag is camel-cased with a lower-case first letter");
	CHECK_STR(opid_derive(a, "PATCH", "/a/{b}", "api-spec"),
		  "apiSpecUpdate", "PATCH is Update; dashes split words");
	CHECK_STR(opid_derive(a, "PUT", "/x", "t"), "tReplace", "PUT is Replace");
	CHECK_STR(opid_derive(a, "DELETE", "/x", "t"), "tDelete",
		  "DELETE is Delete");
	CHECK_STR(opid_derive(a, "HEAD", "/x", "t"), "tHead", "HEAD is Head");
	CHECK_STR(opid_derive(a, "OPTIONS", "/x", "t"), "tOptions",
		  "OPTIONS is Options");
	CHECK_STR(opid_derive(a, "TRACE", "/x", "t"), "tTrace", "TRACE is Trace");
	CHECK_STR(opid_derive(a, "GET", "/api/resolvePath", NULL),
		  "resolvePathList", "no tag: the last path segment names it");
	CHECK_STR(opid_derive(a, "DELETE", "/nodes/{id}/", NULL), "nodesDelete",
		  "no tag: {param} segments and trailing slashes are skipped");
	CHECK_STR(opid_derive(a, "GET", "/{id}", NULL), "rootGet",
		  "no tag and no plain segment: root");
	CHECK_STR(opid_derive(a, "GET", "/spec.yaml", "%%"), "specYamlList",
		  "a tag with no letters falls back to the path");

	hash_init(&used, a);
	CHECK_STR(opid_unique(a, &used, "xList"), "xList",
		  "a free id is kept");
	CHECK_STR(opid_unique(a, &used, "xList"), "xList_1",
		  "the first collision gets _1");
	CHECK_STR(opid_unique(a, &used, "xList_2"), "xList_2",
		  "an id that looks like a suffix is fine when free");
	CHECK_STR(opid_unique(a, &used, "xList"), "xList_3",
		  "suffixes already taken are skipped");
	arena_free(a);
	return tap_done();
}
