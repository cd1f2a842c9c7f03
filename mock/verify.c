/* verify.c - counts journal entries matching a pattern. */
#include "verify.h"

#include <stdlib.h>
#include <string.h>

#include "json_guard.h"
#include "admin_json.h"
#include "journal_view.h"
#include "spec_tables.h"

static int operation_row(const char *id)
{
	for (int i = 0; i < spec_operation_count; i++)
		if (!strcmp(spec_operations[i].operation_id, id))
			return i;
	return -1;
}

/* A string member copied into out; -1 (err set) when it is not one or
 * is too long. */
static int copy_string(const cJSON *v, const char *key, char *out,
		       size_t size, struct buf *err)
{
	if (!cJSON_IsString(v) || strlen(v->valuestring) >= size) {
		buf_printf(err, "'%s' must be a string of at most %zu bytes",
			   key, size - 1);
		return -1;
	}
	memcpy(out, v->valuestring, strlen(v->valuestring) + 1);
	return 0;
}

static int whole_number(const cJSON *v, long *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
	    v->valuedouble > 1e9 || v->valuedouble != (double)(long)v->valuedouble)
		return -1;
	*out = (long)v->valuedouble;
	return 0;
}

/* "count": N or {"min": A, "max": B} (either bound may be left out). */
static int read_count(const cJSON *v, struct verify_pattern *p,
		      struct buf *err)
{
	const char *form = "'count' must be a whole number or {\"min\": N, "
			   "\"max\": N} with min <= max";
	if (cJSON_IsNumber(v)) {
		if (whole_number(v, &p->min) < 0)
			return buf_puts(err, form), -1;
		p->max = p->min;
		return 0;
	}
	if (!cJSON_IsObject(v))
		return buf_puts(err, form), -1;
	p->min = 0;
	p->max = -1;
	for (const cJSON *m = v->child; m; m = m->next) {
		long *bound = !strcmp(m->string, "min") ? &p->min
			      : !strcmp(m->string, "max") ? &p->max : NULL;
		if (!bound || whole_number(m, bound) < 0)
			return buf_puts(err, form), -1;
	}
	if (p->max >= 0 && p->min > p->max)
		return buf_puts(err, form), -1;
	return 0;
}

static int read_member(const cJSON *m, struct verify_pattern *p,
		       struct buf *err)
{
	const char *k = m->string;
	if (!strcmp(k, "method"))
		return copy_string(m, k, p->method, sizeof p->method, err);
	if (!strcmp(k, "path"))
		return copy_string(m, k, p->path, sizeof p->path, err);
	if (!strcmp(k, "instance")) {
		p->has_instance = 1;
		return copy_string(m, k, p->instance, sizeof p->instance, err);
	}
	if (!strcmp(k, "operation")) {
		if (!cJSON_IsString(m) || (p->op = operation_row(m->valuestring)) < 0) {
			buf_puts(err, "'operation' must be an operationId of the spec");
			return -1;
		}
		return 0;
	}
	if (!strcmp(k, "status")) {
		long s;
		if (whole_number(m, &s) < 0 || s < 100 || s > 599) {
			buf_puts(err, "'status' must be an HTTP status (100 to 599)");
			return -1;
		}
		p->status = (int)s;
		return 0;
	}
	if (!strcmp(k, "body")) {
		cJSON_Delete(p->body);
		p->body = cJSON_Duplicate(m, 1);
		return 0;
	}
	if (!strcmp(k, "count"))
		return read_count(m, p, err);
	buf_printf(err, "unknown key '%.64s' (method, path, operation, status, "
			"body, instance, count)", k);
	return -1;
}

int verify_pattern_parse(const char *text, size_t len,
			 struct verify_pattern *p, struct buf *err)
{
	memset(p, 0, sizeof *p);
	p->op = -1;
	p->min = 1; /* "at least once" unless a count is given */
	p->max = -1;
	cJSON *json = admin_parse_object(text, len, err);
	int rc = json ? 0 : -1;
	for (const cJSON *m = json ? json->child : NULL; m && !rc; m = m->next) {
		struct buf why = {0};
		if ((rc = read_member(m, p, &why)) < 0)
			buf_printf(err, "Invalid pattern: %s", buf_cstr(&why));
		buf_free(&why);
	}
	cJSON_Delete(json);
	return rc;
}

void verify_pattern_free(struct verify_pattern *p)
{
	cJSON_Delete(p->body);
	p->body = NULL;
}

/* 1 when each segment of path equals the pattern's, or the pattern's is
 * a {name}. */
static int path_matches(const char *pattern, const char *path)
{
	while (*pattern && *path) {
		size_t pn = strcspn(pattern, "/"), n = strcspn(path, "/");
		int any = pn >= 2 && pattern[0] == '{' && pattern[pn - 1] == '}';
		if (any ? n == 0 : (pn != n || strncmp(pattern, path, n)))
			return 0;
		pattern += pn;
		path += n;
		if (*pattern != *path)
			return 0;
		if (*pattern) {
			pattern++;
			path++;
		}
	}
	return *pattern == *path;
}

/* 1 when every member of pattern is in value with an equal value. */
static int holds(const cJSON *pattern, const cJSON *value)
{
	if (!cJSON_IsObject(pattern) || !cJSON_IsObject(value))
		return cJSON_Compare(pattern, value, 1);
	for (const cJSON *m = pattern->child; m; m = m->next) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(value, m->string);
		if (!v || !holds(m, v))
			return 0;
	}
	return 1;
}

static int body_matches(const cJSON *pattern, const struct journal_entry *e)
{
	if (e->req_body_cut || json_guard_refusal(e->req_body, e->req_body_len))
		return 0;
	cJSON *body = cJSON_ParseWithLength(e->req_body, e->req_body_len);
	int ok = body && holds(pattern, body);
	cJSON_Delete(body);
	return ok;
}

unsigned verify_misses(const struct verify_pattern *p,
		       const struct journal_entry *e)
{
	unsigned miss = 0;
	if (p->method[0] && strcmp(p->method, e->method))
		miss |= VERIFY_METHOD;
	if (p->path[0] && !path_matches(p->path, e->path))
		miss |= VERIFY_PATH;
	if (p->op >= 0 && p->op != e->op)
		miss |= VERIFY_OPERATION;
	if (p->status && p->status != e->status)
		miss |= VERIFY_STATUS;
	if (p->has_instance && strcmp(p->instance, e->instance))
		miss |= VERIFY_INSTANCE;
	if (p->body && !body_matches(p->body, e))
		miss |= VERIFY_BODY;
	return miss;
}

#define NEAR_MAX 10

struct tally {
	const struct verify_pattern *p;
	cJSON *matched;
	long count;
	/* the closest misses: fewest criteria failed, then oldest */
	struct near { uint64_t seq; unsigned miss; int nmiss; cJSON *json; } near[NEAR_MAX];
	int nnear;
};

static int popcount(unsigned x)
{
	int n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

static void differs(cJSON *o, unsigned miss)
{
	static const char *const names[] = {"method", "path", "operation",
					    "status", "body", "instance"};
	cJSON *list = cJSON_AddArrayToObject(o, "differs");
	for (int i = 0; i < 6; i++)
		if (miss & (1u << i))
			cJSON_AddItemToArray(list, cJSON_CreateString(names[i]));
}

static cJSON *near_json(const struct journal_entry *e, unsigned miss)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "seq", (double)e->seq);
	cJSON_AddStringToObject(o, "instance", e->instance);
	cJSON_AddStringToObject(o, "method", e->method);
	json_add_text(o, "path", e->path, strlen(e->path));
	const char *op = journal_operation_id(e->op);
	if (op)
		cJSON_AddStringToObject(o, "operation", op);
	else
		cJSON_AddNullToObject(o, "operation");
	cJSON_AddNumberToObject(o, "status", e->status);
	json_add_text(o, "body", e->req_body, e->req_body_len);
	differs(o, miss);
	return o;
}

static void keep_near(struct tally *t, const struct journal_entry *e,
		      unsigned miss)
{
	int n = popcount(miss);
	int at = t->nnear;
	while (at > 0 && t->near[at - 1].nmiss > n)
		at--;
	if (at >= NEAR_MAX)
		return;
	if (t->nnear == NEAR_MAX)
		cJSON_Delete(t->near[--t->nnear].json);
	memmove(&t->near[at + 1], &t->near[at],
		(size_t)(t->nnear - at) * sizeof t->near[0]);
	t->near[at] = (struct near){e->seq, miss, n, near_json(e, miss)};
	t->nnear++;
}

static int tally_entry(const struct journal_entry *e, void *ctx)
{
	struct tally *t = ctx;
	unsigned miss = verify_misses(t->p, e);
	if (!miss) {
		t->count++;
		cJSON_AddItemToArray(t->matched, cJSON_CreateNumber((double)e->seq));
	} else {
		keep_near(t, e, miss);
	}
	return 0;
}

static cJSON *expected_json(const struct verify_pattern *p)
{
	if (p->max == p->min)
		return cJSON_CreateNumber((double)p->min);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "min", (double)p->min);
	if (p->max >= 0)
		cJSON_AddNumberToObject(o, "max", (double)p->max);
	else
		cJSON_AddNullToObject(o, "max");
	return o;
}

static void add_message(cJSON *o, const struct verify_pattern *p, long count)
{
	struct buf msg = {0};
	buf_puts(&msg, "Verification failed: expected ");
	if (p->max == p->min)
		buf_printf(&msg, "%ld", p->min);
	else if (p->max < 0)
		buf_printf(&msg, "at least %ld", p->min);
	else
		buf_printf(&msg, "%ld to %ld", p->min, p->max);
	int one = p->max == 1 || (p->max < 0 && p->min == 1);
	buf_printf(&msg, " matching request%s, got %ld", one ? "" : "s", count);
	cJSON_AddStringToObject(o, "message", buf_cstr(&msg));
	cJSON_AddNullToObject(o, "reason");
	buf_free(&msg);
}

cJSON *verify_run(struct journal *j, const struct verify_pattern *p,
		  int *held)
{
	struct tally t = {.p = p, .matched = cJSON_CreateArray()};
	journal_each(j, tally_entry, &t);
	*held = t.count >= p->min && (p->max < 0 || t.count <= p->max);
	cJSON *o = cJSON_CreateObject();
	if (!*held)
		add_message(o, p, t.count);
	cJSON_AddNumberToObject(o, "count", (double)t.count);
	cJSON_AddItemToObject(o, "expected", expected_json(p));
	if (*held) {
		cJSON_AddItemToObject(o, "matched", t.matched);
	} else {
		cJSON_Delete(t.matched);
		cJSON *near = cJSON_AddArrayToObject(o, "near_misses");
		for (int i = 0; i < t.nnear; i++)
			cJSON_AddItemToArray(near, t.near[i].json);
	}
	if (*held)
		for (int i = 0; i < t.nnear; i++)
			cJSON_Delete(t.near[i].json);
	return o;
}
