/* test_router.c - method + path template matching.
 *
 * The router reads only spec_operations, spec_operation_count and the
 * path parameters' schemas, so this program defines its own tables: they
 * then link instead of the generated ones and can hold the cases
 * spec/sessions.yaml lacks (a literal beside a parameter, a tail
 * parameter, text around a parameter). */
#include <string.h>

#include "router.h"
#include "spec_tables.h"
#include "tap.h"

#define OP(m, p, id) {.method = m, .path = p, .operation_id = id}

const struct spec_operation spec_operations[] = {
	OP("GET", "/api/sessions", "sessionsList"),                 /* 0 */
	OP("POST", "/api/sessions", "sessionsCreate"),              /* 1 */
	OP("GET", "/api/sessions/{session}", "sessionsGet"),        /* 2 */
	OP("PATCH", "/api/sessions/{session}", "sessionsUpdate"),   /* 3 */
	OP("DELETE", "/api/sessions/{session}", "sessionsDelete"),  /* 4 */
	OP("GET", "/api/sessions/mine", "mine"),                    /* 5 */
	OP("GET", "/files/{path}", "filesGet"),                     /* 6 */
	OP("GET", "/api/contents/{id}.json", "contentsJson"),       /* 7 */
	OP("GET", "/api/a/{x}/b/{y}", "twoParams"),                 /* 8 */
	OP("GET", "/api/status", "status"),                         /* 9 */
	OP("GET", "/api/{any}", "anyFirst"),                        /* 10 */
	OP("GET", "/api/{other}", "anySecond"),                     /* 11 */
	{.method = "GET", .path = "/api/kernels/{kernel_id}",        /* 12 */
	 .operation_id = "kernelsGet", .params = 0, .nparams = 1},
	{0},
};

const struct spec_param spec_params[] = {
	{.name = "kernel_id", .in = SPEC_IN_PATH, .required = 1, .schema = 0},
};
const struct spec_schema spec_schemas[] = {{.format = "uuid"}};
const int spec_operation_count = 13;

static struct route_match m;

static enum route_result match(const struct router *r, const char *method,
			       const char *path)
{
	memset(&m, 0x5a, sizeof m);
	return router_match(r, method, path, &m);
}

static void test_exact(const struct router *r)
{
	CHECK(match(r, "GET", "/api/sessions") == ROUTE_FOUND && m.op == 0,
	      "GET /api/sessions matches its operation exactly");
	CHECK(m.nparams == 0, "a literal path captures no parameter");
	CHECK(match(r, "POST", "/api/sessions") == ROUTE_FOUND && m.op == 1,
	      "the method picks the operation of a path");
	CHECK(match(r, "get", "/api/sessions") == ROUTE_NO_METHOD,
	      "methods are compared as given (upper case)");
	CHECK(match(r, "GET", "/api/Sessions") == ROUTE_NO_PATH ||
		      (m.op != 0 && m.op != 1),
	      "literal segments are compared case-sensitively");
}

static void test_params(const struct router *r)
{
	CHECK(match(r, "GET", "/api/sessions/abc-123") == ROUTE_FOUND && m.op == 2,
	      "a path parameter segment matches");
	CHECK(m.nparams == 1, "one parameter is captured");
	CHECK_STR(route_param(&m, "session"), "abc-123", "the parameter's value is captured");
	CHECK(route_param(&m, "sess") == NULL, "a prefix of the name is not the parameter");
	CHECK(route_param(&m, "sessions") == NULL, "a longer name is not the parameter");
	CHECK(match(r, "DELETE", "/api/sessions/x") == ROUTE_FOUND && m.op == 4 &&
		      strcmp(route_param(&m, "session"), "x") == 0,
	      "DELETE finds its own operation on a parameter path");
	CHECK(match(r, "GET", "/api/contents/42.json") == ROUTE_FOUND && m.op == 7,
	      "a parameter with literal text around it matches");
	CHECK_STR(route_param(&m, "id"), "42", "the literal suffix is not captured");
	CHECK(match(r, "GET", "/api/contents/.json") != ROUTE_FOUND || m.op != 7,
	      "an empty parameter between literals does not match");
	CHECK(match(r, "GET", "/api/contents/42.xml") != ROUTE_FOUND || m.op != 7,
	      "a wrong suffix does not match");
	CHECK(match(r, "GET", "/api/a/1/b/2") == ROUTE_FOUND && m.op == 8 && m.nparams == 2,
	      "two parameters are captured");
	CHECK(strcmp(route_param(&m, "x"), "1") == 0 && strcmp(route_param(&m, "y"), "2") == 0,
	      "each parameter keeps its own value");
	char longpath[2100] = "/files/";
	memset(longpath + 7, 'q', 2000);
	longpath[2007] = '\0';
	CHECK(match(r, "GET", longpath) == ROUTE_FOUND && m.op == 6 &&
		      strlen(route_param(&m, "path")) == ROUTER_MAX_VALUE - 1,
	      "a value longer than the capture is cut, not overflowed");
}

static void test_literal_wins(const struct router *r)
{
	CHECK(match(r, "GET", "/api/sessions/mine") == ROUTE_FOUND && m.op == 5,
	      "a literal segment wins over a parameter, whatever the spec order");
	CHECK(m.nparams == 0, "the literal match captures nothing");
	CHECK(match(r, "PATCH", "/api/sessions/mine") == ROUTE_FOUND && m.op == 3 &&
		      strcmp(route_param(&m, "session"), "mine") == 0,
	      "another method on that path falls back to the parameter template");
	CHECK(match(r, "GET", "/api/status") == ROUTE_FOUND && m.op == 9,
	      "/api/status is the literal, not /api/{any}");
	CHECK(match(r, "GET", "/api/zzz") == ROUTE_FOUND && m.op == 10,
	      "between equal templates the first in spec order wins");
}

static void test_405(const struct router *r)
{
	CHECK(match(r, "PUT", "/api/sessions") == ROUTE_NO_METHOD,
	      "an undeclared method on a known path is ROUTE_NO_METHOD");
	CHECK_STR(m.allowed, "GET, POST", "the allowed list names the path's methods");
	CHECK(m.op == -1, "no operation is chosen for a 405");
	CHECK(match(r, "POST", "/api/sessions/x") == ROUTE_NO_METHOD,
	      "POST on a session path is ROUTE_NO_METHOD");
	CHECK_STR(m.allowed, "GET, PATCH, DELETE",
		  "the allowed list has each method once, in spec order");
	CHECK(match(r, "POST", "/api/sessions/mine") == ROUTE_NO_METHOD,
	      "POST on the literal path is ROUTE_NO_METHOD");
	CHECK_STR(m.allowed, "GET, PATCH, DELETE",
		  "the allowed list joins the literal and the parameter templates");
}

/* A format: uuid parameter takes what Jupyter's \w+-\w+-\w+-\w+-\w+
 * route takes; anything else is no route at all. */
static void test_id_shape(const struct router *r)
{
	CHECK(match(r, "GET", "/api/kernels/5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01") == ROUTE_FOUND &&
		      m.op == 12, "a uuid matches a uuid parameter");
	CHECK(match(r, "GET", "/api/kernels/5C8A2A1E-3B6F-4D0A-9F1E-2A7B9C4D6E01") == ROUTE_FOUND,
	      "so does an uppercase one");
	CHECK(match(r, "GET", "/api/kernels/a-b-c-d-e") == ROUTE_FOUND &&
		      match(r, "GET", "/api/kernels/a_1-b-c-d-e") == ROUTE_FOUND,
	      "so do five word groups joined by dashes, as Jupyter's route takes");
	/* (here /api/{any}, a tail parameter, may still take the path) */
	CHECK(match(r, "GET", "/api/kernels/garbage") != ROUTE_FOUND || m.op != 12,
	      "one word is not taken by the uuid parameter");
	CHECK((match(r, "GET", "/api/kernels/a-b-c-d-") != ROUTE_FOUND || m.op != 12) &&
		      (match(r, "GET", "/api/kernels/a-b-c-d-e-f") != ROUTE_FOUND || m.op != 12) &&
		      (match(r, "GET", "/api/kernels/a-b-c-d-e.f") != ROUTE_FOUND || m.op != 12),
	      "nor an empty group, a sixth group or another character");
	CHECK(match(r, "GET", "/api/sessions/garbage") == ROUTE_FOUND,
	      "a parameter without format: uuid takes any segment");
}

static void test_404(const struct router *r)
{
	CHECK(match(r, "GET", "/nope") == ROUTE_NO_PATH, "an unknown path is ROUTE_NO_PATH");
	CHECK(m.op == -1 && m.allowed[0] == '\0', "a 404 leaves no operation and no allowed list");
	CHECK(match(r, "GET", "/") == ROUTE_NO_PATH, "/ is ROUTE_NO_PATH");
	CHECK(match(r, "GET", "") == ROUTE_NO_PATH, "the empty path is ROUTE_NO_PATH");
	CHECK(match(r, "GET", "/api/sessionsX") == ROUTE_NO_PATH ||
		      (m.op != 0 && m.op != 1),
	      "a literal with extra characters does not match");
	CHECK(match(r, "GET", "/api//sessions") != ROUTE_FOUND || (m.op != 0 && m.op != 2),
	      "an empty segment does not match a literal");
	char deep[200] = "";
	for (int i = 0; i < 40; i++)
		strcat(deep, "/a");
	CHECK(match(r, "GET", deep) == ROUTE_NO_PATH, "a path of 40 segments is ROUTE_NO_PATH");
}

static void test_trailing_segments(const struct router *r)
{
	CHECK(match(r, "GET", "/api/status/extra") == ROUTE_NO_PATH ||
		      m.op != 9,
	      "a trailing segment after a literal template does not match it");
	CHECK(match(r, "GET", "/api/contents/1.json/x") != ROUTE_FOUND || m.op != 7,
	      "a trailing segment after a parameter with a suffix does not match it");
	CHECK(match(r, "GET", "/files/a/b.txt") == ROUTE_FOUND && m.op == 6,
	      "a final whole-segment parameter spans the remaining segments");
	CHECK_STR(route_param(&m, "path"), "a/b.txt", "the spanning value keeps its slashes");
	CHECK(match(r, "GET", "/api/sessions/x/y") == ROUTE_FOUND && m.op == 2 &&
		      strcmp(route_param(&m, "session"), "x/y") == 0,
	      "a session path with trailing segments is the session operation (as documented)");
	CHECK(match(r, "GET", "/files/") == ROUTE_NO_PATH,
	      "an empty tail parameter does not match");
}

int main(void)
{
	struct router *r = router_new();
	CHECK(r != NULL, "a router is compiled from the table");
	if (r) {
		test_exact(r);
		test_params(r);
		test_literal_wins(r);
		test_405(r);
		test_404(r);
		test_id_shape(r);
		test_trailing_segments(r);
	}
	router_free(r);
	router_free(NULL);
	return tap_done();
}
