/* test_optable.c - handlers bound to the spec's rows by operationId, the
 * startup errors of a table that does not match the spec, and routes the
 * spec does not have. */
#include <string.h>

#include "optable.h"
#include "spec_answer.h"
#include "spec_tables.h"
#include "tap.h"

static void list(const struct op_call *c, struct reply *out) { (void)c; (void)out; }
static void get(const struct op_call *c, struct reply *out) { (void)c; (void)out; }
static void admin(const struct op_call *c, struct reply *out) { (void)c; (void)out; }

static int op_named(const char *id)
{
	for (int i = 0; i < spec_operation_count; i++)
		if (strcmp(spec_operations[i].operation_id, id) == 0)
			return i;
	return -1;
}

static void test_bind(void)
{
	struct optable *t = optable_new();
	void *data = NULL;
	CHECK(optable_entry(t, op_named("sessionsList"), &data)->handler ==
		      spec_answer_operation,
	      "an unbound spec row is answered from the spec");
	static const struct op_entry ok[] = {
		{"sessionsList", "GET", "/api/sessions", list, OP_VALIDATE_FIRST},
		{"sessionsGet", "GET", "/api/sessions/{id}", get, OP_VALIDATE_IN_HANDLER},
		{"petsList", "GET", "/pets", list, OP_VALIDATE_FIRST}};
	int marker;
	struct op_group g = {"test", ok, 3, &marker};
	struct buf err = {0};
	CHECK(optable_bind(t, &g, &err) == 0 && err.len == 0,
	      "a group binds; an operation the spec lacks (another API) is no error");
	const struct op_entry *e = optable_entry(t, op_named("sessionsGet"), &data);
	CHECK(e->handler == get && e->validation == OP_VALIDATE_IN_HANDLER &&
		      data == &marker,
	      "the row of an operationId gets its handler and the group's data "
	      "(parameter names aside)");
	CHECK(optable_entry(t, op_named("sessionsCreate"), &data)->handler ==
		      spec_answer_operation,
	      "rows the group does not name keep the spec's answer");

	static const struct op_entry misspelt[] = {
		{"sessionsList", "GET", "/api/sessions", list, OP_VALIDATE_FIRST},
		{"sessionGet", "GET", "/api/sessions/{session}", get, OP_VALIDATE_FIRST},
		{"sessionsCreate", "GET", "/api/sessions", get, OP_VALIDATE_FIRST}};
	struct optable *fresh = optable_new();
	struct op_group bad = {"test", misspelt, 3, NULL};
	CHECK(optable_bind(fresh, &bad, &err) == -1, "a group the spec does not match fails");
	char want[512];
	snprintf(want, sizeof want,
		 "test: handler for 'sessionGet' (GET /api/sessions/{session}): %s:%d "
		 "names that operation 'sessionsGet'\n"
		 "test: handler for 'sessionsCreate' (GET /api/sessions): %s:%d declares "
		 "it as POST /api/sessions\n",
		 spec_source, spec_operations[op_named("sessionsGet")].line,
		 spec_source, spec_operations[op_named("sessionsCreate")].line);
	CHECK_STR(buf_cstr(&err), want,
		  "each mismatch names the group, both operations and the spec");
	CHECK(optable_entry(fresh, op_named("sessionsList"), &data)->handler ==
		      spec_answer_operation,
	      "a failed bind binds nothing");
	buf_free(&err);
	optable_free(fresh);
	optable_free(t);
}

static void test_routes(void)
{
	struct optable *t = optable_new();
	int marker;
	op_handler h = NULL;
	void *data = NULL;
	CHECK(optable_add_route(t, OP_ROUTE_ENGINE, "GET", "/__mock/journal", admin, &marker) == 0 &&
		      optable_add_route(t, OP_ROUTE_ENGINE, NULL, "/__mock/*", list, NULL) == 0,
	      "routes are added");
	CHECK(optable_add_route(t, OP_ROUTE_ENGINE, "GET", "", admin, NULL) == -1, "an empty path is refused");
	CHECK(optable_route(t, OP_ROUTE_ENGINE, "GET", "/__mock/journal", &h, &data) == OPTABLE_FOUND &&
		      h == admin && data == &marker,
	      "an exact path finds its handler and data");
	CHECK(optable_route(t, OP_ROUTE_ENGINE, "DELETE", "/__mock/journal", &h, &data) == OPTABLE_FOUND &&
		      h == list,
	      "a later prefix route takes what an earlier one's method does not");
	CHECK(optable_route(t, OP_ROUTE_ENGINE, "PUT", "/__mock/x/y", &h, &data) == OPTABLE_FOUND && h == list,
	      "a prefix route takes every path under it, any method when NULL");
	CHECK(optable_route(t, OP_ROUTE_ENGINE, "GET", "/__mockx", &h, &data) == OPTABLE_NO_PATH,
	      "a path outside every route is no path");
	struct optable *one = optable_new();
	optable_add_route(one, OP_ROUTE_ENGINE, "GET", "/api", admin, NULL);
	CHECK(optable_route(one, OP_ROUTE_ENGINE, "POST", "/api", &h, &data) == OPTABLE_NO_METHOD,
	      "a known path with another method is no method");
	CHECK(optable_add_route(one, OP_ROUTE_CONTROL, "GET", "/__mock/health", admin,
				&marker) == 0 &&
		      optable_route(one, OP_ROUTE_ENGINE, "GET", "/__mock/health", &h,
				    &data) == OPTABLE_NO_PATH,
	      "a control route is not seen by an engine lookup");
	CHECK(optable_route(one, OP_ROUTE_CONTROL, "GET", "/__mock/health", &h,
			    &data) == OPTABLE_FOUND && h == admin && data == &marker &&
		      optable_route(one, OP_ROUTE_CONTROL, "GET", "/api", &h, &data) ==
			      OPTABLE_NO_PATH,
	      "a control lookup finds control routes only");
	optable_free(one);
	optable_free(t);
}

int main(void)
{
	test_bind();
	test_routes();
	return tap_done();
}
