/* test_prefer.c - Prefer: code=, example= (and ?__code=, ?__example=)
 * answer a declared response of the operation. */
#include <string.h>

#include "optable.h"
#include "prefer.h"
#include "session_store.h"
#include "spec_tables.h"
#include "tap.h"

#define ERR(msg) "{\"message\": \"" msg "\", \"reason\": null}"

static struct reply r;
static struct store *st;

static int op_named(const char *id)
{
	for (int i = 0; i < spec_operation_count; i++)
		if (strcmp(spec_operations[i].operation_id, id) == 0)
			return i;
	return -1;
}

/* prefer_answer for sessionsCreate with a Prefer header (or a query). */
static int ask(const char *prefer, const char *query)
{
	struct mock_request req = {.method = "POST", .path = "/api/sessions",
				   .query = query, .nheaders = prefer != NULL,
				   .headers = {{"Prefer", prefer}}};
	reply_free(&r);
	reply_init(&r);
	struct op_call call = {.op = op_named("sessionsCreate"), .req = &req, .store = st};
	return prefer_answer(&call, &r);
}

static const char *body(void)
{
	size_t len;
	const char *t = reply_body(&r, &len);
	return t ? t : "";
}

int main(void)
{
	struct store_options so = {.seed = 1, .kernelspecs = {"python3"}, .nkernelspecs = 1};
	st = store_new(&so);
	reply_init(&r);
	CHECK(ask(NULL, NULL) == 0 && reply_body(&r, &(size_t){0}) == NULL, "a request that asks nothing is left alone");
	CHECK(ask("return=minimal", NULL) == 0, "other preferences are no override");
	CHECK(ask("code=501", NULL) == 1 && r.status == 501 &&
		      strstr(body(), "kernel is not available"),
	      "code=501 answers the declared 501");
	CHECK(strstr(body(), "The 'python3' kernel is not available"),
	      "a create's 501 names the default kernel when the body names none");
	CHECK(ask("example=console", NULL) == 1 && r.status == 201 &&
		      strstr(body(), "\"type\": \"console\""),
	      "example= answers the response holding it, with its status");
	CHECK(ask(NULL, "__code=501") == 1 && r.status == 501,
	      "?__code= works without a Prefer header");
	CHECK(ask("code=404", NULL) == 1 && r.status == 400 &&
		      !strcmp(body(), ERR("Prefer: code=404 is not a response of 'sessionsCreate'")),
	      "an undeclared code is a 400 naming the operation");
	CHECK(ask("code=5x1", NULL) == 1 && r.status == 400 &&
		      !strcmp(body(), ERR("Prefer: code=5x1 is not an HTTP status (100 to 599)")),
	      "a code that is no status is a 400 quoting it");
	CHECK(ask("example=nope", NULL) == 1 && r.status == 400 &&
		      !strcmp(body(), ERR("Prefer: example=nope is not an example of 'sessionsCreate'")),
	      "an unknown example is a 400");
	reply_free(&r);
	store_free(st);
	return tap_done();
}
