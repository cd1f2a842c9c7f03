/* har.c - the journal as a HAR 1.2 document. */
#include "har.h"

#include <string.h>
#include <strings.h>

#include "admin_json.h"
#include "control.h"
#include "det.h"
#include "reply.h"

/* [{"name", "value"}...] of "Name: value\r\n" lines; *host gets the
 * Host header's value (borrowed from lines' copy in the entry). */
static cJSON *har_headers(const char *lines, struct buf *host)
{
	cJSON *list = cJSON_CreateArray();
	for (const char *p = lines; *p;) {
		const char *eol = strstr(p, "\r\n"), *colon = strchr(p, ':');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (colon && colon < p + len) {
			const char *v = colon + 1 + (colon[1] == ' ');
			size_t vlen = (size_t)(p + len - v);
			cJSON *h = cJSON_CreateObject();
			json_add_text(h, "name", p, (size_t)(colon - p));
			json_add_text(h, "value", v, vlen);
			cJSON_AddItemToArray(list, h);
			if (host && colon - p == 4 && !strncasecmp(p, "host", 4)) {
				buf_reset(host);
				buf_append(host, v, vlen);
			}
		}
		p += len + (eol ? 2 : 0);
	}
	return list;
}

static cJSON *query_list(const char *query)
{
	cJSON *list = cJSON_CreateArray();
	for (const char *p = query; *p;) {
		size_t len = strcspn(p, "&");
		const char *eq = memchr(p, '=', len);
		cJSON *q = cJSON_CreateObject();
		json_add_text(q, "name", p, eq ? (size_t)(eq - p) : len);
		json_add_text(q, "value", eq ? eq + 1 : "", eq ? (size_t)(p + len - eq - 1) : 0);
		cJSON_AddItemToArray(list, q);
		p += len + (p[len] == '&');
	}
	return list;
}

static cJSON *har_request(const struct journal_entry *e)
{
	cJSON *r = cJSON_CreateObject();
	struct buf host = {0}, url = {0};
	cJSON *headers = har_headers(e->req_headers, &host);
	buf_printf(&url, "http://%s%s%s%s", host.len ? buf_cstr(&host) : "127.0.0.1",
		   e->path, e->query[0] ? "?" : "", e->query);
	cJSON_AddStringToObject(r, "method", e->method);
	json_add_text(r, "url", url.data, url.len);
	cJSON_AddStringToObject(r, "httpVersion", "HTTP/1.1");
	cJSON_AddItemToObject(r, "cookies", cJSON_CreateArray());
	cJSON_AddItemToObject(r, "headers", headers);
	cJSON_AddItemToObject(r, "queryString", query_list(e->query));
	if (e->req_body_len) {
		cJSON *post = cJSON_AddObjectToObject(r, "postData");
		cJSON_AddStringToObject(post, "mimeType", "application/json");
		json_add_text(post, "text", e->req_body, e->req_body_len);
	}
	cJSON_AddNumberToObject(r, "headersSize", -1);
	cJSON_AddNumberToObject(r, "bodySize", (double)e->req_body_len);
	buf_free(&host);
	buf_free(&url);
	return r;
}

static cJSON *har_response(const struct journal_entry *e)
{
	cJSON *r = cJSON_CreateObject();
	cJSON *headers = har_headers(e->resp_headers, NULL);
	const char *location = "";
	for (cJSON *h = headers->child; h; h = h->next)
		if (!strcasecmp(cJSON_GetObjectItem(h, "name")->valuestring, "Location"))
			location = cJSON_GetObjectItem(h, "value")->valuestring;
	cJSON_AddNumberToObject(r, "status", e->status);
	cJSON_AddStringToObject(r, "statusText", reply_reason(e->status));
	cJSON_AddStringToObject(r, "httpVersion", "HTTP/1.1");
	cJSON_AddItemToObject(r, "cookies", cJSON_CreateArray());
	if (e->content_type[0]) {
		cJSON *ct = cJSON_CreateObject();
		cJSON_AddStringToObject(ct, "name", "Content-Type");
		json_add_text(ct, "value", e->content_type, strlen(e->content_type));
		cJSON_AddItemToArray(headers, ct);
	}
	cJSON_AddItemToObject(r, "headers", headers);
	cJSON *content = cJSON_AddObjectToObject(r, "content");
	cJSON_AddNumberToObject(content, "size", (double)e->resp_body_size);
	json_add_text(content, "mimeType", e->content_type, strlen(e->content_type));
	json_add_text(content, "text", e->resp_body, e->resp_body_len);
	if (e->resp_body_cut)
		cJSON_AddStringToObject(content, "comment", "cut to the journal's bound");
	json_add_text(r, "redirectURL", location, strlen(location));
	cJSON_AddNumberToObject(r, "headersSize", -1);
	cJSON_AddNumberToObject(r, "bodySize", (double)e->resp_body_size);
	return r;
}

struct har {
	const struct journal_filter *f;
	cJSON *entries;
	long n;
};

static int add_entry(const struct journal_entry *e, void *ctx)
{
	struct har *h = ctx;
	if (h->f && !journal_filter_matches(h->f, e))
		return 0;
	if (h->f && h->f->limit >= 0 && h->n >= h->f->limit)
		return 1;
	h->n++;
	char when[32];
	det_format_iso(e->time_us, when);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "startedDateTime", when);
	cJSON_AddNumberToObject(o, "time", 0);
	cJSON_AddItemToObject(o, "request", har_request(e));
	cJSON_AddItemToObject(o, "response", har_response(e));
	cJSON_AddItemToObject(o, "cache", cJSON_CreateObject());
	cJSON *t = cJSON_AddObjectToObject(o, "timings");
	cJSON_AddNumberToObject(t, "send", 0);
	cJSON_AddNumberToObject(t, "wait", 0);
	cJSON_AddNumberToObject(t, "receive", 0);
	const char *op = journal_operation_id(e->op);
	struct buf comment = {0};
	buf_printf(&comment, "%s%s%s", op ? op : "no operation",
		   e->step[0] ? "; " : "", e->step);
	json_add_text(o, "comment", comment.data, comment.len);
	buf_free(&comment);
	cJSON_AddItemToArray(h->entries, o);
	return 0;
}

cJSON *har_json(struct journal *j, const struct journal_filter *f)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *log = cJSON_AddObjectToObject(doc, "log");
	cJSON_AddStringToObject(log, "version", "1.2");
	cJSON *creator = cJSON_AddObjectToObject(log, "creator");
	cJSON_AddStringToObject(creator, "name", "jupyter-sessions-mock");
	cJSON_AddStringToObject(creator, "version", MOCK_VERSION);
	struct har h = {f, cJSON_AddArrayToObject(log, "entries"), 0};
	journal_each(j, add_entry, &h);
	return doc;
}
