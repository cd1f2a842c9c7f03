/* record_write.c - recorded exchanges to a readable scenario file. */
#include "record_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "chars.h"
#include "det.h"
#include "json_py.h"
#include "router.h"
#include "spec_answer.h"
#include "spec_tables.h"
#include "validate.h"

#define COMMENT_MAX 160 /* bytes of a request shown above its step */

/* ---- real ids and times to deterministic ones ---- */

struct pair {
	char from[48], to[48];
};

struct mapping {
	struct pair *pairs;
	int n, cap;
	struct det_rng rng;
	const struct record_meta *meta;
	struct validator *validator; /* is a real body the spec's? */
};


static int is_word(char c)
{
	return chars_hex(c) >= 0 || (c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z') ||
	       c == '-' || c == '_';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The length of the UUID at s[i] (36), or 0. */
static size_t uuid_at(const char *s, size_t i, size_t len)
{
	if (len - i < 36 || (i > 0 && is_word(s[i - 1])) ||
	    (i + 36 < len && is_word(s[i + 36])))
		return 0;
	return chars_is_uuid(s + i, 36) ? 36 : 0;
}

/* The length of the ISO-8601 time at s[i] (2026-01-01T00:00:00, then an
 * optional fraction and zone), or 0. */
static size_t time_at(const char *s, size_t i, size_t len)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t n = sizeof shape - 1;
	if (len - i < n || (i > 0 && is_digit(s[i - 1])))
		return 0;
	for (size_t k = 0; k < n; k++)
		if (shape[k] == 'd' ? !is_digit(s[i + k]) : s[i + k] != shape[k])
			return 0;
	if (i + n < len && s[i + n] == '.') {
		size_t digits = 0;
		while (i + n + 1 + digits < len && is_digit(s[i + n + 1 + digits]))
			digits++;
		if (digits)
			n += 1 + digits;
	}
	if (i + n < len && s[i + n] == 'Z')
		n++;
	else if (len - i - n >= 6 && (s[i + n] == '+' || s[i + n] == '-') &&
		 is_digit(s[i + n + 1]) && is_digit(s[i + n + 2]) &&
		 s[i + n + 3] == ':' && is_digit(s[i + n + 4]) && is_digit(s[i + n + 5]))
		n += 6;
	return n < 40 ? n : 0;
}

static const char *lookup(const struct mapping *m, const char *s, size_t n)
{
	for (int i = 0; i < m->n; i++)
		if (strlen(m->pairs[i].from) == n && !memcmp(m->pairs[i].from, s, n))
			return m->pairs[i].to;
	return NULL;
}

static void add(struct mapping *m, const char *s, size_t n, const char *to)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 32;
		m->pairs = realloc(m->pairs, (size_t)m->cap * sizeof *m->pairs);
		if (!m->pairs)
			abort();
	}
	struct pair *p = &m->pairs[m->n++];
	memcpy(p->from, s, n);
	p->from[n] = '\0';
	snprintf(p->to, sizeof p->to, "%s", to);
}

/* Learns the ids and times of one text.  An id first seen in what the
 * server sent gets the next seeded UUID, one first seen from the client
 * stays itself; a time the server sent becomes the virtual clock's
 * reading at that request (exchange k), plus a microsecond for each
 * further new time in it, so distinct times stay distinct and ordered. */
static void learn(struct mapping *m, const char *s, size_t len, int from_server,
		  int k, int *new_times)
{
	for (size_t i = 0; i < len;) {
		size_t n = uuid_at(s, i, len);
		char to[48];
		if (n && !lookup(m, s + i, n)) {
			if (from_server)
				det_uuid4(&m->rng, to);
			else
				snprintf(to, sizeof to, "%.*s", (int)n, s + i);
			add(m, s + i, n, to);
		} else if (!n && (n = time_at(s, i, len)) && from_server &&
			   !lookup(m, s + i, n)) {
			det_format_iso(m->meta->clock_start + k * m->meta->clock_step +
					       (*new_times)++, to);
			add(m, s + i, n, to);
		}
		i += n ? n : 1;
	}
}

/* Appends s with every learnt id and time replaced. */
static void map_text(const struct mapping *m, const char *s, size_t len,
		     struct buf *out)
{
	for (size_t i = 0; i < len;) {
		size_t n = uuid_at(s, i, len);
		if (!n)
			n = time_at(s, i, len);
		const char *to = n ? lookup(m, s + i, n) : NULL;
		if (to)
			buf_puts(out, to);
		else
			buf_append(out, s + i, n ? n : 1);
		i += n ? n : 1;
	}
}

static void learn_exchange(struct mapping *m, const struct record_exchange *x, int k)
{
	int new_times = 0;
	learn(m, x->path, strlen(x->path), 0, k, &new_times);
	if (x->query)
		learn(m, x->query, strlen(x->query), 0, k, &new_times);
	learn(m, x->req_body.data ? x->req_body.data : "", x->req_body.len, 0, k,
	      &new_times);
	if (x->location)
		learn(m, x->location, strlen(x->location), 1, k, &new_times);
	learn(m, x->body.data ? x->body.data : "", x->body.len, 1, k, &new_times);
}

/* ---- YAML text ---- */

/* One comment line: control bytes become spaces, bytes of invalid UTF-8
 * '?', and a long text is cut at a character boundary. */
static void put_comment(struct buf *out, const char *indent, const char *text,
			size_t len)
{
	int valid = utf8_valid(text, len);
	size_t n = len;
	if (n > COMMENT_MAX) {
		n = COMMENT_MAX;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	buf_printf(out, "%s# ", indent);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		buf_putc(out, c < 0x20 || c == 0x7f ? ' ' : (!valid && c >= 0x80) ? '?' : (char)c);
	}
	buf_puts(out, n < len ? " ...\n" : "\n");
}

static unsigned hex4(const char *p)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++)
		v = v * 16 + (unsigned)chars_hex(p[i]);
	return v;
}

static void put_utf8(struct buf *out, unsigned cp)
{
	if (cp < 0x800) {
		buf_putc(out, (char)(0xC0 | cp >> 6));
	} else if (cp < 0x10000) {
		buf_putc(out, (char)(0xE0 | cp >> 12));
		buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
	} else {
		buf_putc(out, (char)(0xF0 | cp >> 18));
		buf_putc(out, (char)(0x80 | ((cp >> 12) & 0x3F)));
		buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3F)));
	}
	buf_putc(out, (char)(0x80 | (cp & 0x3F)));
}

/* A printable character YAML may hold as it is (its \u escape of a
 * surrogate pair is no YAML, and C1 controls, U+2028/9 and U+FEFF are no
 * printable YAML). */
static int yaml_printable(unsigned cp)
{
	return cp >= 0xA0 && cp != 0x2028 && cp != 0x2029 && cp != 0xFEFF &&
	       cp != 0xFFFE && cp != 0xFFFF;
}

/* Appends the JSON text as json.dumps writes it, but with characters
 * outside ASCII written as themselves: a person reads them, and a
 * surrogate pair's two \u escapes are no YAML. */
static void put_json(struct buf *out, const cJSON *v)
{
	struct buf text = {0};
	json_py_write(&text, v);
	const char *s = buf_cstr(&text);
	for (size_t i = 0; i < text.len; i++) {
		if (s[i] != '\\') {
			buf_putc(out, s[i]);
			continue;
		}
		unsigned cp = s[i + 1] == 'u' ? hex4(s + i + 2) : 0;
		size_t used = 6;
		if (cp >= 0xD800 && cp < 0xDC00 && s[i + 6] == '\\' && s[i + 7] == 'u') {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(s + i + 8) - 0xDC00);
			used = 12;
		}
		if (s[i + 1] == 'u' && (yaml_printable(cp) && (cp < 0xD800 || cp > 0xDFFF))) {
			put_utf8(out, cp);
			i += used - 1;
		} else {
			buf_putc(out, s[i]);
			buf_putc(out, s[i + 1]); /* the escaped character, as is */
			i++;
		}
	}
	buf_free(&text);
}

static void put_header(struct buf *out, const struct record_meta *meta,
		       int nsteps, int n)
{
	buf_printf(out,
		   "# Recorded by `mock record` from %s: %d requests, %d steps.\n"
		   "# Ids the server minted are seeded ones here (seed %llu), and its\n"
		   "# times the virtual clock's; replayed in the same order, each step\n"
		   "# answers as the server did (anything else is off script):\n"
		   "#   mock --scenario THIS-FILE\n",
		   meta->upstream, n, nsteps, (unsigned long long)meta->seed);
	buf_puts(out, "scenario: ");
	json_py_write_string(out, meta->name);
	buf_puts(out, "\ndescription: ");
	struct buf d = {0};
	buf_printf(&d, "recorded from %s by mock record", meta->upstream);
	json_py_write_string(out, buf_cstr(&d));
	buf_free(&d);
	char start[32];
	det_format_iso(meta->clock_start, start);
	buf_printf(out, "\nseed: %llu\nclock: {start: %s, step: %lldus}\n",
		   (unsigned long long)meta->seed, start,
		   (long long)meta->clock_step);
}

/* The respond: part, and what could not be kept, as comments. */
static void put_respond(struct buf *out, const struct mapping *m,
			const struct record_exchange *x, int op, int resp)
{
	struct buf body = {0};
	map_text(m, x->body.data ? x->body.data : "", x->body.len, &body);
	cJSON *json = body.len ? cJSON_ParseWithLength(body.data, body.len) : NULL;
	int has_media = resp >= 0 && spec_responses[resp].nmedia > 0;
	struct buf why = {0};
	if (body.len && !json)
		put_comment(out, "    ", "the body is no JSON, not replayed: ", 35);
	else if (json && resp >= 0 && !has_media)
		buf_printf(out, "    # status %d of %s has no body in the spec; its "
				"body is not replayed\n", x->status,
			   spec_operations[op].operation_id);
	else if (json && strstr(body.data, "{{"))
		buf_puts(out, "    # the body holds '{{', which a scenario reads as a "
			      "template: not replayed\n");
	else if (json && has_media &&
		 validate_value(m->validator, spec_medias[spec_responses[resp].media].schema,
				json, "", &why) < 0)
		buf_printf(out, "    # the real body breaks the spec's schema: %s\n",
			   buf_cstr(&why));
	buf_printf(out, "    respond:\n      status: %d\n", x->status);
	if (x->location) {
		struct buf loc = {0};
		map_text(m, x->location, strlen(x->location), &loc);
		buf_puts(out, "      headers: {Location: ");
		json_py_write_string(out, buf_cstr(&loc));
		buf_puts(out, "}\n");
		buf_free(&loc);
	}
	if (json && (resp < 0 || has_media) && !strstr(body.data, "{{")) {
		buf_puts(out, "      body: ");
		put_json(out, json);
		buf_putc(out, '\n');
		if (why.len)
			buf_puts(out, "      invalid: true\n");
	}
	buf_free(&why);
	buf_free(&body);
	cJSON_Delete(json);
}

static void put_request_comment(struct buf *out, const struct mapping *m,
				const struct record_exchange *x, const char *indent)
{
	struct buf req = {0};
	buf_printf(&req, "%s ", x->method);
	map_text(m, x->path, strlen(x->path), &req);
	if (x->query) {
		buf_putc(&req, '?');
		map_text(m, x->query, strlen(x->query), &req);
	}
	if (x->req_body.len) {
		buf_putc(&req, ' ');
		map_text(m, x->req_body.data, x->req_body.len, &req);
	}
	put_comment(out, indent, req.data, req.len);
	buf_free(&req);
}

static void put_step(struct buf *out, const struct mapping *m,
		     const struct record_exchange *x, int op)
{
	const char *name = spec_operations[op].operation_id;
	int resp = spec_find_response(op, x->status);
	buf_printf(out, "  - name: %s %d\n", name, x->status);
	put_request_comment(out, m, x, "    ");
	if (resp < 0)
		buf_printf(out, "    # status %d is not declared for %s in the spec: "
				"this step takes any request\n", x->status, name);
	else
		buf_printf(out, "    match: {operation: %s}\n", name);
	put_respond(out, m, x, op, resp);
}

void record_write_yaml(const struct record_exchange *x, int n,
		       const struct record_meta *meta, struct buf *out)
{
	struct mapping m = {.meta = meta};
	det_rng_seed(&m.rng, meta->seed);
	for (int k = 0; k < n; k++)
		learn_exchange(&m, &x[k], k);
	struct router *r = router_new();
	int *ops = calloc((size_t)n + 1, sizeof *ops), nsteps = 0;
	m.validator = validator_new();
	if (!r || !ops || !m.validator)
		abort();
	for (int k = 0; k < n; k++) {
		struct route_match rm;
		ops[k] = router_match(r, x[k].method, x[k].path, &rm) == ROUTE_FOUND
				 ? rm.op : -1;
		nsteps += ops[k] >= 0;
	}
	put_header(out, meta, nsteps, n);
	buf_puts(out, nsteps ? "steps:\n" : "steps: []\n");
	for (int k = 0; k < n; k++) {
		if (ops[k] >= 0) {
			put_step(out, &m, &x[k], ops[k]);
			continue;
		}
		buf_printf(out, "  # not replayed (the spec has no such operation), "
				"answered %d:\n", x[k].status);
		put_request_comment(out, &m, &x[k], "  ");
	}
	free(ops);
	router_free(r);
	validator_free(m.validator);
	free(m.pairs);
}

void record_exchange_free(struct record_exchange *x)
{
	free(x->method);
	free(x->path);
	free(x->query);
	free(x->location);
	buf_free(&x->req_body);
	buf_free(&x->body);
	memset(x, 0, sizeof *x);
}
