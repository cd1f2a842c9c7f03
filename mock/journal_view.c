/* journal_view.c - journal filters and the JSON of an entry. */
#include "journal_view.h"

#include "admin_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "det.h"
#include "fault.h"
#include "json_py.h"
#include "reply.h"
#include "spec_tables.h"

static int parse_number(const char *text, long long min, long long max,
			long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (end == text || *end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Copies the query value of name into out (size bytes); 1 when present,
 * 0 when absent, -1 when too long. */
static int query_text(const struct mock_request *req, const char *name,
		      char *out, size_t size)
{
	struct buf v = {0};
	int rc = request_query(req, name, &v) == 0;
	if (rc && v.len >= size)
		rc = -1;
	else if (rc)
		memcpy(out, buf_cstr(&v), v.len + 1);
	buf_free(&v);
	return rc;
}

static int number_param(const struct mock_request *req, const char *name,
			long long min, long long max, long long *out,
			struct buf *err)
{
	char text[32];
	int rc = query_text(req, name, text, sizeof text);
	if (rc == 0)
		return 0;
	if (rc < 0 || parse_number(text, min, max, out) < 0) {
		buf_printf(err, "Bad '%s': expected an integer from %lld to %lld",
			   name, min, max);
		return -1;
	}
	return 1;
}

static int text_param(const struct mock_request *req, const char *name,
		      char *out, size_t size, struct buf *err)
{
	int rc = query_text(req, name, out, size);
	if (rc < 0)
		buf_printf(err, "Bad '%s': longer than %zu bytes", name, size - 1);
	return rc;
}

int journal_filter_parse(const struct mock_request *req,
			 struct journal_filter *f, struct buf *err)
{
	memset(f, 0, sizeof *f);
	f->limit = -1;
	long long n;
	char flag[8] = "";
	int rc;
	if ((rc = number_param(req, "since", 0, INT64_MAX, &n, err)) < 0)
		return -1;
	if (rc)
		f->since = (uint64_t)n;
	if ((rc = number_param(req, "status", 100, 599, &n, err)) < 0)
		return -1;
	if (rc)
		f->status = (int)n;
	if ((rc = number_param(req, "limit", 0, 1000000000, &n, err)) < 0)
		return -1;
	if (rc)
		f->limit = (long)n;
	if (text_param(req, "operation", f->operation, sizeof f->operation, err) < 0 ||
	    text_param(req, "method", f->method, sizeof f->method, err) < 0 ||
	    text_param(req, "path", f->path, sizeof f->path, err) < 0 ||
	    (f->has_instance = text_param(req, "instance", f->instance,
					  sizeof f->instance, err)) < 0 ||
	    (rc = text_param(req, "unmatched", flag, sizeof flag, err)) < 0)
		return -1;
	if (rc && strcmp(flag, "true") && strcmp(flag, "1") &&
	    strcmp(flag, "false") && strcmp(flag, "0")) {
		buf_puts(err, "Bad 'unmatched': expected true or false");
		return -1;
	}
	f->unmatched = rc && (!strcmp(flag, "true") || !strcmp(flag, "1"));
	return 0;
}

const char *journal_operation_id(int op)
{
	return op >= 0 && op < spec_operation_count
		       ? spec_operations[op].operation_id : NULL;
}

int journal_entry_unmatched(const struct journal_entry *e)
{
	return e->off_script || e->op < 0;
}

int journal_filter_matches(const struct journal_filter *f,
			   const struct journal_entry *e)
{
	const char *op = journal_operation_id(e->op);
	return e->seq > f->since &&
	       (!f->operation[0] || (op && !strcmp(op, f->operation))) &&
	       (!f->method[0] || !strcmp(e->method, f->method)) &&
	       (!f->path[0] || !strcmp(e->path, f->path)) &&
	       (!f->status || e->status == f->status) &&
	       (!f->unmatched || journal_entry_unmatched(e)) &&
	       (!f->has_instance || !strcmp(e->instance, f->instance));
}

/* "Name: value\r\n" lines as [[name, value], ...], in order. */
static void add_header_list(cJSON *obj, const char *key, const char *lines)
{
	cJSON *list = cJSON_AddArrayToObject(obj, key);
	for (const char *p = lines; list && *p;) {
		const char *eol = strstr(p, "\r\n"), *colon = strchr(p, ':');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (colon && colon < p + len) {
			cJSON *pair = cJSON_CreateArray();
			const char *v = colon + 1 + (colon[1] == ' ');
			json_add_text(pair, "", p, (size_t)(colon - p));
			json_add_text(pair, "", v, (size_t)(p + len - v));
			cJSON_AddItemToArray(list, pair);
		}
		p += len + (eol ? 2 : 0);
	}
}

static const char *verdict_name(int verdict)
{
	return verdict == VERDICT_WARNED ? "warned"
	       : verdict == VERDICT_REJECTED ? "rejected" : "ok";
}

static void add_optional(cJSON *obj, const char *key, const char *value)
{
	if (value && *value)
		json_add_text(obj, key, value, strlen(value));
	else
		cJSON_AddNullToObject(obj, key);
}

cJSON *journal_entry_json(const struct journal_entry *e)
{
	cJSON *o = cJSON_CreateObject();
	char when[32];
	det_format_iso(e->time_us, when);
	cJSON_AddNumberToObject(o, "seq", (double)e->seq);
	cJSON_AddStringToObject(o, "instance", e->instance);
	cJSON_AddStringToObject(o, "time", when);
	cJSON_AddStringToObject(o, "method", e->method);
	json_add_text(o, "path", e->path, strlen(e->path));
	json_add_text(o, "query", e->query, strlen(e->query));
	add_optional(o, "operation", journal_operation_id(e->op));
	add_optional(o, "scenario", e->scenario);
	add_optional(o, "step", e->step);
	add_optional(o, "fault", e->fault ? fault_name(e->fault) : NULL);
	cJSON_AddBoolToObject(o, "off_script", e->off_script);
	cJSON_AddStringToObject(o, "validation", verdict_name(e->verdict));
	add_optional(o, "note", e->note);
	cJSON_AddNumberToObject(o, "status", e->status);
	cJSON_AddNumberToObject(o, "body_size", (double)e->resp_body_size);
	cJSON *rq = cJSON_AddObjectToObject(o, "request");
	add_header_list(rq, "headers", e->req_headers);
	json_add_text(rq, "body", e->req_body, e->req_body_len);
	cJSON_AddBoolToObject(rq, "body_cut", e->req_body_cut);
	cJSON *rs = cJSON_AddObjectToObject(o, "response");
	add_optional(rs, "content_type", e->content_type);
	add_header_list(rs, "headers", e->resp_headers);
	json_add_text(rs, "body", e->resp_body, e->resp_body_len);
	cJSON_AddBoolToObject(rs, "body_cut", e->resp_body_cut);
	return o;
}
