/* test_coverage.c - counts of operations, responses and examples used. */
#include <string.h>

#include "coverage.h"
#include "spec_answer.h"
#include "spec_tables.h"
#include "tap.h"

static const cJSON *operation(const cJSON *j, const char *id)
{
	const cJSON *op;
	cJSON_ArrayForEach(op, cJSON_GetObjectItem(j, "operations"))
		if (!strcmp(cJSON_GetObjectItem(op, "operation")->valuestring, id))
			return op;
	return NULL;
}

int main(void)
{
	struct coverage *c = coverage_new();
	int get = -1;
	for (int i = 0; i < spec_operation_count; i++)
		if (!strcmp(spec_operations[i].operation_id, "sessionsGet"))
			get = i;
	coverage_count(c, get, 200, -1);
	coverage_count(c, get, 404, -1);
	coverage_count(c, get, 404, -1);
	coverage_count(c, get, 418, -1);
	coverage_count(c, -1, 404, -1);
	cJSON *j = coverage_json(c);
	const cJSON *op = operation(j, "sessionsGet");
	CHECK(op && cJSON_GetObjectItem(op, "calls")->valueint == 4, "an operation's calls are counted");
	int n404 = -1;
	const cJSON *r;
	cJSON_ArrayForEach(r, cJSON_GetObjectItem(op, "responses"))
		if (!strcmp(cJSON_GetObjectItem(r, "status")->valuestring, "404"))
			n404 = cJSON_GetObjectItem(r, "calls")->valueint;
	CHECK(n404 == 2, "a declared response counts the answers with its status");
	CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(op, "undeclared_statuses"), "418")->valueint == 1,
	      "a status the operation does not declare is listed apart");
	const cJSON *sum = cJSON_GetObjectItem(j, "summary");
	CHECK(cJSON_GetObjectItem(sum, "operations_used")->valueint == 1 &&
		      cJSON_GetObjectItem(sum, "unrouted_requests")->valueint == 1,
	      "the summary counts operations used and unrouted requests");
	cJSON_Delete(j);
	struct buf t = {0};
	coverage_text(c, &t);
	CHECK(strstr(buf_cstr(&t), "sessionsGet") && strstr(buf_cstr(&t), "404 (2)") &&
		      strstr(buf_cstr(&t), "operations used: 1 of"),
	      "the text table shows each operation's responses and the totals");
	buf_free(&t);
	coverage_clear(c);
	j = coverage_json(c);
	CHECK(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "summary"), "operations_used")->valueint == 0,
	      "clearing puts every counter back to zero");
	cJSON_Delete(j);
	coverage_free(c);
	return tap_done();
}
