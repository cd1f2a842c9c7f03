/* test_validate.c - JSON values against the schema rows generated from
 * spec/sessions.yaml; rows are looked up by name, never by index. */
#include <string.h>

#include <cjson/cJSON.h>

#include "spec_tables.h"
#include "tap.h"
#include "validate.h"

#define KID "7f3e9b2c-1a4d-4e8f-b6c5-0d2e4f6a8b01"
#define KERNEL_OK                                                             \
	"{\"id\": \"" KID "\", \"name\": \"python3\", "                       \
	"\"last_activity\": \"2026-01-01T00:00:00Z\", "                       \
	"\"execution_state\": \"idle\", \"connections\": 0}"

static int schema_named(const char *name)
{
	for (int i = 0; i < spec_schema_count; i++)
		if (spec_schemas[i].name && strcmp(spec_schemas[i].name, name) == 0)
			return i;
	return -1;
}

/* The schema row of a named schema's property, or -1. */
static int property_of(int schema, const char *name)
{
	if (schema < 0)
		return -1;
	const struct spec_schema *s = &spec_schemas[schema];
	for (int i = s->props; i < s->props + s->nprops; i++)
		if (strcmp(spec_properties[i].name, name) == 0)
			return spec_properties[i].schema;
	return -1;
}

static struct validator *val;

/* "OK", or the error validate_value gave, in a static buffer; a result
 * that disagrees with its error text is reported as such. */
static const char *check_json(int schema, const char *json, int scripted)
{
	static char out[512];
	cJSON *v = cJSON_Parse(json);
	if (!v)
		return "(test JSON does not parse)";
	struct buf err = {0};
	int rc = scripted ? validate_scripted(val, schema, v, "", &err)
			  : validate_value(val, schema, v, "", &err);
	if (rc == 0 && err.len == 0)
		snprintf(out, sizeof out, "OK");
	else if (rc == 0 || err.len == 0)
		snprintf(out, sizeof out, "(rc %d with error '%s')", rc, buf_cstr(&err));
	else
		snprintf(out, sizeof out, "%s", buf_cstr(&err));
	buf_free(&err);
	cJSON_Delete(v);
	return out;
}

static const char *vj(int schema, const char *json)
{
	return check_json(schema, json, 0);
}

static const char *vt(int schema, const char *text, const char *where)
{
	static char out[512];
	struct buf err = {0};
	int rc = validate_text(val, schema, text, where, &err);
	snprintf(out, sizeof out, "%s", rc == 0 ? "OK" : buf_cstr(&err));
	buf_free(&err);
	return out;
}

static void test_kernel(int kernel)
{
	CHECK_STR(vj(kernel, KERNEL_OK), "OK", "a complete kernel model is valid");
	CHECK_STR(vj(kernel, "{}"), "body: missing required property 'id'",
		  "a missing required property is named");
	CHECK_STR(vj(kernel, "[]"), "body: expected object, got array",
		  "a wrong type of the whole body names body");
	CHECK_STR(vj(kernel, "{\"id\": 5, \"name\": \"p\", \"last_activity\": \"x\", "
			     "\"execution_state\": \"idle\", \"connections\": 0}"),
		  "id: expected string, got number", "a type error names the field");
	CHECK_STR(vj(kernel, "{\"id\": \"nope\", \"name\": \"p\", \"last_activity\": \"x\", "
			     "\"execution_state\": \"idle\", \"connections\": 0}"),
		  "id: 'nope' is not a uuid", "format uuid is checked");
	CHECK_STR(vj(kernel, "{\"id\": \"" KID "\", \"name\": \"p\", \"last_activity\": \"x\", "
			     "\"execution_state\": \"bogus\", \"connections\": 0}"),
		  "execution_state: must be one of \"starting\", \"idle\", \"busy\", "
		  "\"restarting\", \"dead\"",
		  "an enum lists its members");
	CHECK_STR(vj(kernel, "{\"id\": \"" KID "\", \"name\": \"p\", \"last_activity\": \"x\", "
			     "\"execution_state\": \"dead\", \"connections\": -1}"),
		  "connections: must be at least 0, got -1", "a minimum is checked");
	CHECK_STR(vj(kernel, "{\"id\": \"" KID "\", \"name\": \"p\", \"last_activity\": \"x\", "
			     "\"execution_state\": \"dead\", \"connections\": 1.5}"),
		  "connections: expected integer, got number",
		  "a fraction is not an integer");
	CHECK_STR(vj(kernel, "{\"id\": \"a\\nb\", \"name\": \"p\", \"last_activity\": \"x\", "
			     "\"execution_state\": \"dead\", \"connections\": 1}"),
		  "id: 'a\\x0ab' is not a uuid",
		  "control characters in a value are shown as \\xNN, never raw");
	CHECK_STR(vj(kernel, "{\"id\": \"" KID "\", \"name\": \"p\", \"last_activity\": \"x\", "
			     "\"execution_state\": \"idle\", \"connections\": 2, \"extra\": []}"),
		  "OK", "unknown properties are allowed");
}

static void test_session(int session)
{
	CHECK_STR(vj(session, "{\"id\": \"" KID "\", \"path\": \"a\", \"name\": null, "
			      "\"type\": null, \"kernel\": " KERNEL_OK "}"),
		  "OK", "a session with null name and type is valid (nullable)");
	CHECK_STR(vj(session, "{\"id\": \"" KID "\", \"path\": \"a\", \"name\": null, "
			      "\"type\": null, \"kernel\": null}"),
		  "kernel: expected object, got null", "a null kernel is refused");
	CHECK_STR(vj(session, "{\"id\": \"" KID "\", \"path\": \"a\", \"name\": null, "
			      "\"type\": null, \"kernel\": {\"id\": \"" KID "\"}}"),
		  "kernel: missing required property 'name'",
		  "a nested missing property names the nested object");
	CHECK_STR(vj(session, "{\"id\": \"" KID "\", \"path\": \"a\", \"name\": null, "
			      "\"type\": null, \"kernel\": " KERNEL_OK ", "
			      "\"notebook\": {\"path\": \"a\", \"name\": 3}}"),
		  "notebook.name: expected string or null, got number",
		  "a nested type error has the dotted field path");
	int list = -1;
	for (int i = 0; i < spec_schema_count; i++)
		if (spec_schemas[i].types == SPEC_T_ARRAY && spec_schemas[i].items == session)
			list = i;
	CHECK(list >= 0, "the spec has an array-of-Session row");
	CHECK_STR(vj(list, "[]"), "OK", "an empty list is valid");
	CHECK_STR(vj(list, "[{\"id\": \"" KID "\", \"path\": \"a\", \"name\": \"n\", "
			   "\"type\": \"t\", \"kernel\": " KERNEL_OK "}, {}]"),
		  "[1]: missing required property 'id'",
		  "an item error names its index");
}

static void test_session_create(int create)
{
	CHECK_STR(vj(create, "{\"path\": \"a\", \"type\": \"notebook\", \"name\": \"a\", "
			     "\"kernel\": {\"name\": \"python3\"}}"),
		  "OK", "a full SessionCreate is valid");
	CHECK_STR(vj(create, "{\"notebook\": {\"path\": \"old.ipynb\"}}"), "OK",
		  "the old form is valid");
	CHECK_STR(vj(create, "{\"path\": \"a\", \"type\": \"t\", \"kernel\": {\"name\": 5}}"),
		  "kernel.name: expected string or null, got number",
		  "a bad kernel.name is refused with its field path");
	CHECK_STR(vj(create, "{\"path\": \"a\", \"type\": \"t\", \"kernel\": {\"id\": []}}"),
		  "kernel.id: expected string or null, got array",
		  "a bad kernel.id is refused with its field path");
	CHECK_STR(vj(create, "{\"path\": \"a\", \"type\": \"t\", \"kernel\": \"python3\"}"),
		  "kernel: expected object, got string", "a kernel that is not an object is refused");
	CHECK_STR(vj(create, "{\"path\": \"a\", \"type\": \"t\", \"kernel\": {\"id\": null, \"name\": null}}"),
		  "OK", "null kernel id and name are valid");
	CHECK_STR(vj(create, "{\"path\": 5, \"type\": \"t\"}"),
		  "path: expected string, got number", "a numeric path is refused on create");
	CHECK_STR(vj(create, "{\"notebook\": {\"path\": 5}}"),
		  "notebook.path: expected string, got number",
		  "an old-form body is checked as the old form (the branch whose required keys it has)");
	CHECK_STR(vj(create, "{\"name\": \"x\"}"), "body: matches none of the anyOf schemas",
		  "neither path+type nor notebook fails the anyOf");
	CHECK_STR(vj(create, "{\"path\": \"a\"}"), "body: matches none of the anyOf schemas",
		  "path without type fails the anyOf");
	CHECK_STR(vj(create, "{\"path\": \"a\", \"type\": \"t\", \"name\": {}}"),
		  "name: expected string or null, got object",
		  "an object name is refused, and the error names the types taken");
	CHECK_STR(vj(create, "{\"path\": \"a\", \"type\": 7}"), "type: expected string or null, got number",
		  "a numeric type is refused: the answers' type is a string or null");
	CHECK_STR(vj(create, "{\"path\": \"a\", \"type\": \"t\", \"name\": true}"),
		  "name: expected string or null, got boolean",
		  "a boolean name is refused: the answers' name is a string or null");
	CHECK_STR(vj(create, "{\"path\": \"a\", \"type\": null, \"name\": null}"), "OK",
		  "a null name and type are taken, as the answers may hold them");
}

static void test_session_update(int update)
{
	CHECK_STR(vj(update, "{}"), "OK", "an empty SessionUpdate is valid");
	CHECK_STR(vj(update, "{\"path\": \"b\", \"name\": null}"), "OK",
		  "PATCH may store a string path and a null name");
	CHECK_STR(vj(update, "{\"path\": 5}"), "path: expected string, got number",
		  "PATCH refuses a numeric path: the answers' path is a string");
	CHECK_STR(vj(update, "{\"path\": null}"), "path: expected string, got null",
		  "PATCH refuses a null path: the answers' path is never null");
	CHECK_STR(vj(update, "{\"path\": [1]}"), "path: expected string, got array",
		  "PATCH refuses an array path");
	CHECK_STR(vj(update, "{\"kernel\": {\"name\": false}}"),
		  "kernel.name: expected string or null, got boolean",
		  "PATCH refuses a boolean kernel.name with its field path");
	CHECK_STR(vj(update, "{\"kernel\": null}"), "kernel: expected object, got null",
		  "PATCH refuses a null kernel");
	CHECK_STR(vj(update, "{\"notebook\": {\"path\": {}}}"),
		  "notebook.path: expected string, got object",
		  "PATCH checks the old form's nested path");
	CHECK_STR(vj(update, "[]"), "body: expected object, got array",
		  "PATCH refuses a body that is not an object");
}

static void test_scripted(int kernel)
{
	const char *tmpl = "{\"id\": \"{{kernel_id}}\", \"name\": \"p\", \"last_activity\": \"x\", "
			   "\"execution_state\": \"{{state}}\", \"connections\": \"{{n}}\"}";
	CHECK_STR(check_json(kernel, tmpl, 1), "OK",
		  "whole {{templates}} pass any schema in a scripted body");
	CHECK(strcmp(vj(kernel, tmpl), "OK") != 0,
	      "the same body fails plain validation");
	CHECK_STR(check_json(kernel, "{\"id\": \"x{{kernel_id}}\", \"name\": \"p\", "
				    "\"last_activity\": \"x\", \"execution_state\": \"idle\", "
				    "\"connections\": 0}", 1),
		  "id: 'x{{kernel_id}}' is not a uuid",
		  "a template inside other text is checked as text");
	CHECK_STR(vj(kernel, "{}"), "body: missing required property 'id'",
		  "plain validation is back to normal after a scripted one");
}

static void test_text(int kernel)
{
	int id = property_of(kernel, "id");
	int connections = property_of(kernel, "connections");
	CHECK(id >= 0 && connections >= 0, "the Kernel rows have id and connections");
	CHECK_STR(vt(id, KID, "kernel_id"), "OK", "a uuid parameter is valid");
	CHECK_STR(vt(id, "abc", "kernel_id"), "kernel_id: 'abc' is not a uuid",
		  "a parameter error names the parameter");
	CHECK_STR(vt(connections, "5", "n"), "OK", "an integer parameter is parsed first");
	CHECK_STR(vt(connections, "-1", "n"), "n: must be at least 0, got -1",
		  "a parsed parameter meets its minimum");
	CHECK_STR(vt(connections, "x", "n"), "n: expected integer, got string",
		  "a non-number integer parameter is refused");
	CHECK_STR(vt(-1, "anything", "n"), "OK", "schema -1 admits any text");
	cJSON *null_value = cJSON_CreateNull();
	struct buf err = {0};
	CHECK(validate_value(val, -1, null_value, "", &err) == 0 && err.len == 0,
	      "schema -1 admits any value");
	buf_free(&err);
	cJSON_Delete(null_value);
}

int main(void)
{
	val = validator_new();
	CHECK(val != NULL, "a validator is made from the spec's schemas");
	int kernel = schema_named("Kernel");
	int session = schema_named("Session");
	int create = schema_named("SessionCreate");
	int update = schema_named("SessionUpdate");
	CHECK(kernel >= 0 && session >= 0 && create >= 0 && update >= 0,
	      "the spec has Kernel, Session, SessionCreate and SessionUpdate rows");
	if (kernel >= 0 && session >= 0 && create >= 0 && update >= 0) {
		test_kernel(kernel);
		test_session(session);
		test_session_create(create);
		test_session_update(update);
		test_scripted(kernel);
		test_text(kernel);
	}
	validator_free(val);
	return tap_done();
}
