/* fuzz_request.c - requests, as text, through the control plane (the
 * format is in fuzz.h). */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#define MAX_REQUESTS 16 /* per input: the fuzzer gains more from more inputs */
#define MAX_BODY ((size_t)1 << 20) /* --max-body's default */

/* s[0..len) with $S and $K replaced, NUL-terminated, into out; in a head
 * (head 1), without CR: civetweb and request_head.c let none through. */
static void expand(const char *s, size_t len, const struct fuzz_ids *ids,
		   int head, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < len; i++) {
		if (head && s[i] == '\r')
			continue;
		if (s[i] == '$' && i + 1 < len && (s[i + 1] == 'S' || s[i + 1] == 'K')) {
			buf_puts(out, s[i + 1] == 'S' ? ids->session : ids->kernel);
			i++;
		} else {
			buf_putc(out, s[i]);
		}
	}
	buf_cstr(out);
}

/* Learns the ids from a 201's body ({"id": "...", ... "kernel": {"id": ...). */
static void learn_ids(const struct buf *body, struct fuzz_ids *ids)
{
	static const char session_id[] = "{\"id\": \"";
	static const char kernel_id[] = "\"kernel\": {\"id\": \"";
	const char *s = body->data ? strstr(body->data, session_id) : NULL;
	const char *k = body->data ? strstr(body->data, kernel_id) : NULL;
	if (s)
		sscanf(s + sizeof session_id - 1, "%63[0-9a-f-]", ids->session);
	if (k)
		sscanf(k + sizeof kernel_id - 1, "%63[0-9a-f-]", ids->kernel);
}

/* Everything one request's strings live in. */
struct parsed {
	struct buf method, path, query, body;
	char *exact_body; /* the body in memory of its size: ASan sees overreads */
	struct buf names[REQUEST_MAX_HEADERS], values[REQUEST_MAX_HEADERS];
};

static void parsed_free(struct parsed *p)
{
	buf_free(&p->method);
	buf_free(&p->path);
	buf_free(&p->query);
	buf_free(&p->body);
	free(p->exact_body);
	for (int i = 0; i < REQUEST_MAX_HEADERS; i++) {
		buf_free(&p->names[i]);
		buf_free(&p->values[i]);
	}
}

/* The next line of s[*pos..end) (without its \n, a trailing \r dropped,
 * as civetweb does); 0 at the end. */
static int next_line(const char *s, size_t end, size_t *pos, const char **line,
		     size_t *len)
{
	if (*pos >= end)
		return 0;
	const char *nl = memchr(s + *pos, '\n', end - *pos);
	size_t stop = nl ? (size_t)(nl - s) : end;
	*line = s + *pos;
	*len = stop - *pos;
	if (*len && (*line)[*len - 1] == '\r')
		(*len)--;
	*pos = nl ? stop + 1 : end;
	return 1;
}

/* One request of s[0..len) into req (its strings in p). */
static void parse_request(const char *s, size_t len, const struct fuzz_ids *ids,
			  struct parsed *p, struct mock_request *req)
{
	const char *line;
	size_t n, pos = 0;
	memset(req, 0, sizeof *req);
	if (!next_line(s, len, &pos, &line, &n))
		line = "", n = 0;
	const char *sp = memchr(line, ' ', n);
	size_t mlen = sp ? (size_t)(sp - line) : n;
	expand(line, mlen, ids, 1, &p->method);
	const char *target = sp ? sp + 1 : "/";
	size_t tlen = sp ? n - mlen - 1 : 1;
	const char *q = memchr(target, '?', tlen);
	expand(target, q ? (size_t)(q - target) : tlen, ids, 1, &p->path);
	if (q)
		expand(q + 1, tlen - (size_t)(q - target) - 1, ids, 1, &p->query);
	req->method = p->method.data;
	req->path = p->path.data;
	req->query = q ? p->query.data : NULL;
	while (next_line(s, len, &pos, &line, &n) && n) {
		if (req->nheaders == REQUEST_MAX_HEADERS)
			continue;
		const char *colon = memchr(line, ':', n);
		size_t name = colon ? (size_t)(colon - line) : n;
		size_t v = colon ? name + 1 : n;
		while (v < n && line[v] == ' ')
			v++;
		int i = req->nheaders++;
		expand(line, name, ids, 1, &p->names[i]);
		expand(line + v, n - v, ids, 1, &p->values[i]);
		req->headers[i].name = p->names[i].data;
		req->headers[i].value = p->values[i].data;
	}
	if (pos < len)
		expand(s + pos, len - pos, ids, 0, &p->body);
	if (p->body.len) {
		if (!(p->exact_body = malloc(p->body.len)))
			abort();
		memcpy(p->exact_body, p->body.data, p->body.len);
		req->body = p->exact_body;
		req->body_len = p->body.len;
	}
	if (req->body_len > MAX_BODY) { /* as the HTTP glue: not read */
		req->body = NULL;
		req->body_len = 0;
		req->refusal = (struct request_refusal){413, "Request body too large", 1};
	}
}

/* The config line's words into o; returns where the requests start. */
static size_t read_config(const char *s, size_t len,
			  struct fuzz_mock_options *o)
{
	memset(o, 0, sizeof *o);
	o->validate = "strict";
	o->cors = 1;
	if (!len || s[0] != '#')
		return 0;
	const char *nl = memchr(s, '\n', len);
	size_t end = nl ? (size_t)(nl - s) : len;
	char word[64];
	for (size_t i = 1; i < end;) {
		size_t n = 0;
		while (i < end && s[i] == ' ')
			i++;
		while (i < end && s[i] != ' ')
			if (n + 1 < sizeof word)
				word[n++] = s[i++];
			else
				i++;
		word[n] = '\0';
		if (!strcmp(word, "strict") || !strcmp(word, "warn") || !strcmp(word, "off"))
			o->validate = !strcmp(word, "strict") ? "strict"
				      : !strcmp(word, "warn") ? "warn" : "off";
		else if (!strcmp(word, "nocors"))
			o->cors = 0;
		else if (!strcmp(word, "stateless"))
			o->stateless = 1;
		for (int k = 0; k < fuzz_scenario_count(); k++)
			if (!strcmp(word, fuzz_scenario_name(k)))
				o->scenario = fuzz_scenario_at(k);
	}
	return nl ? end + 1 : len;
}

size_t fuzz_part_length(const char *s, size_t len, size_t *skip)
{
	*skip = 3;
	if (len >= 3 && !memcmp(s, "%%\n", 3))
		return 0;
	*skip = 4;
	for (size_t i = 0; i + 4 <= len; i++)
		if (!memcmp(s + i, "\n%%\n", 4))
			return i;
	*skip = 0;
	return len;
}

void fuzz_play(struct fuzz_mock *m, const char *s, size_t size,
	       struct fuzz_ids *ids_out)
{
	size_t pos = 0;
	struct fuzz_ids ids = {"", ""};
	struct buf body = {0};
	for (int n = 0; n < MAX_REQUESTS && pos < size; n++) {
		size_t skip, len = fuzz_part_length(s + pos, size - pos, &skip);
		struct parsed p;
		struct mock_request req;
		memset(&p, 0, sizeof p);
		parse_request(s + pos, len, &ids, &p, &req);
		fuzz_send(m, &req, &body);
		learn_ids(&body, &ids);
		parsed_free(&p);
		pos += len + skip;
	}
	buf_free(&body);
	if (ids_out)
		*ids_out = ids;
}

int fuzz_requests(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct fuzz_mock_options o;
	size_t pos = read_config(s, size, &o);
	struct fuzz_mock m;
	fuzz_mock_init(&m, &o);
	fuzz_play(&m, s + pos, size - pos, NULL);
	fuzz_mock_free(&m);
	return 0;
}

int fuzz_body(const char *method, const char *path, const uint8_t *data,
	      size_t size)
{
	struct fuzz_mock_options o = {.validate = "strict", .cors = 1};
	struct fuzz_mock m;
	fuzz_mock_init(&m, &o);
	fuzz_play(&m, fuzz_client, strlen(fuzz_client), NULL);
	char *body = size ? malloc(size) : NULL; /* of its size: no NUL */
	if (size && !body)
		abort();
	if (size)
		memcpy(body, data, size);
	struct mock_request req = {
		.method = method,
		.path = path,
		.body = body,
		.body_len = size,
	};
	fuzz_send(&m, &req, NULL);
	free(body);
	fuzz_mock_free(&m);
	return 0;
}
