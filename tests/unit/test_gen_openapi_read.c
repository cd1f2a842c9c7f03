/* Unit tests of generator/openapi_read.c, openapi_body.c, reader.c and
 * schema_compile.c: a spec tree into model rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "openapi_read.h"
#include "reader.h"
#include "tap.h"
#include "yaml_tree.h"

static struct arena *a;
static struct diag d;
static char errors[2048];

static int read_spec(struct spec_model *m, const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ynode *root;
	int rc;

	diag_init(&d, "t.yaml", f);
	model_init(m, a, &d, "t.yaml");
	root = yaml_tree_load(a, &d, text, strlen(text));
	rc = root ? openapi_read(m, root) : -1;
	diag_flush(&d);
	fclose(f);
	snprintf(errors, sizeof(errors), "%s", buf ? buf : "");
	free(buf);
	return rc;
}

#define OP(m, i) MODEL_ROW(&(m)->ops, struct spec_operation, i)
#define PARAM(m, i) MODEL_ROW(&(m)->params, struct spec_param, i)
#define SCHEMA(m, i) MODEL_ROW(&(m)->schemas, struct spec_schema, i)

static const char spec[] =
	"openapi: 3.0.3\n"
	"info: {title: T, version: '9'}\n"
	"paths:\n"
	"  /n/{id}:\n"
	"    parameters:\n"
	"      - {$ref: '#/components/parameters/Id'}\n"
	"      - {name: v, in: query}\n"
	"    get:\n"
	"      tags: [nodes]\n"
	"      parameters: [{name: v, in: query, required: true}]\n"
	"      responses:\n"
	"        200:\n"
	"          description: ok\n"
	"          content: {application/json: {schema: {$ref: '#/components/schemas/N'}}}\n"
	"    delete:\n"
	"      responses: {'204': {description: gone}}\n"
	"components:\n"
	"  parameters:\n"
	"    Id: {name: id, in: path, schema: {type: integer, minimum: 1, exclusiveMinimum: true}}\n"
	"  schemas:\n"
	"    N:\n"
	"      type: object\n"
	"      nullable: true\n"
	"      properties:\n"
	"        kids: {type: array, items: {$ref: '#/components/schemas/N'}}\n";

int main(void)
{
	struct spec_model m;
	const struct ynode *root;

	a = arena_new();
	CHECK(read_spec(&m, spec) == 0 && errors[0] == '\0',
	      "a valid spec is read without errors");
	CHECK(m.ops.n == 2 && strcmp(OP(&m, 0)->method, "GET") == 0 &&
		      strcmp(OP(&m, 1)->method, "DELETE") == 0,
	      "operations come in file order with upper-case methods");
	CHECK_STR(OP(&m, 0)->operation_id, "nodesGet",
		  "a missing operationId is derived from the tag");
	CHECK(OP(&m, 0)->id_derived == 1, "a derived id is marked");
	CHECK_STR(OP(&m, 1)->operation_id, "nDelete",
		  "no tag: the id comes from the path");
	CHECK(OP(&m, 0)->nparams == 2 && PARAM(&m, 0)->in == SPEC_IN_PATH &&
		      PARAM(&m, 0)->required == 1,
	      "path-level parameters are merged, path ones are required");
	CHECK(PARAM(&m, 1)->required == 1 && PARAM(&m, 1)->line == 10,
	      "an operation parameter replaces the path one of the same name");
	CHECK(SCHEMA(&m, 0)->name && strcmp(SCHEMA(&m, 0)->name, "N") == 0 &&
		      SCHEMA(&m, 0)->types == (SPEC_T_OBJECT | SPEC_T_NULL),
	      "a component schema is row 0, named, nullable widens its type");
	CHECK(SCHEMA(&m, SCHEMA(&m, MODEL_ROW(&m.props, struct spec_property,
					      0)->schema)->items) ==
		      SCHEMA(&m, 0),
	      "a recursive schema refers back to its own row");
	CHECK(SCHEMA(&m, PARAM(&m, 0)->schema)->limits ==
		      (SPEC_HAS_MINIMUM | SPEC_EXCLUSIVE_MINIMUM),
	      "3.0 boolean exclusiveMinimum flags the minimum");
	CHECK(MODEL_ROW(&m.medias, struct spec_media, 0)->schema == 0,
	      "a $ref-only schema maps to its target's row");

	CHECK(read_spec(&m, "swagger: '2.0'\npaths:\n  /a/{x}:\n    get: {}\n"
			    "  /b:\n    get: {operationId: o}\n"
			    "    put: {operationId: o}\n") < 0,
	      "content errors fail the read");
	CHECK_STR(errors,
		  "t.yaml:4:5: error: path template parameter 'x' has no "
		  "'in: path' declaration\n"
		  "t.yaml:7:24: error: duplicate operationId 'o' (first at "
		  "line 6)\n",
		  "all content errors are reported");

	CHECK(read_spec(&m, "openapi: 3.0.3\npaths:\n  /a:\n    get:\n"
			    "      responses: {$ref: '#/x/y~1z'}\n"
			    "x: {y/z: 4}\n") < 0 &&
		      strcmp(errors, "t.yaml:5:19: error: invalid response "
				     "status '$ref'\n") == 0,
	      "the responses map itself is not a $ref (its entries can be)");

	root = yaml_tree_load(a, &d, "a: {b/c: [x, {~d: 7}]}", 22);
	CHECK(yscalar_is(reader_pointer(root, "#/a/b~1c/1/~0d", 14), "7"),
	      "a JSON pointer decodes ~1 and ~0 and indexes lists");
	CHECK(reader_pointer(root, "#/a/b~1c/2", 10) == NULL &&
		      reader_pointer(root, "#/a/b~2c", 8) == NULL &&
		      reader_pointer(root, "x#/a", 4) == NULL,
	      "a pointer to nothing, a bad escape or a non-local ref is NULL");
	CHECK(reader_pointer(root, "#", 1) == root, "# is the document");
	arena_free(a);
	return tap_done();
}
