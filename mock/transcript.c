/* transcript.c - the journal as canonical text. */
#include "transcript.h"

#include <string.h>
#include <strings.h>

#include "det.h"
#include "fault.h"
#include "json_py.h"
#include "reply.h"

/* Request headers that change what the mock answers; the others (Host
 * with its port, User-Agent, Content-Length...) differ between clients
 * and runs and are left out. */
static const char *const kept_headers[] = {
	"Prefer", "If-None-Match", "Origin", "X-Mock-Scenario",
	"Access-Control-Request-Method", "Access-Control-Request-Headers",
};

static int kept(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof kept_headers / sizeof kept_headers[0]; i++)
		if (strlen(kept_headers[i]) == len &&
		    !strncasecmp(kept_headers[i], name, len))
			return 1;
	return 0;
}

/* Appends text with prefix before each line; bytes that are not UTF-8
 * are written as they are (a transcript is compared, not parsed). */
static void prefixed(struct buf *out, const char *prefix, const char *text,
		     size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		buf_puts(out, prefix);
		buf_putc(out, ' ');
		buf_append(out, text + i, n);
		buf_putc(out, '\n');
		i += n + (nl ? 1 : 0);
	}
}

static void header_lines(struct buf *out, const char *prefix,
			 const char *lines, int only_kept)
{
	for (const char *p = lines; *p;) {
		const char *eol = strstr(p, "\r\n"), *colon = strchr(p, ':');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (colon && colon < p + len &&
		    (!only_kept || kept(p, (size_t)(colon - p))))
			prefixed(out, prefix, p, len);
		p += len + (eol ? 2 : 0);
	}
}

static void body_lines(struct buf *out, const char *prefix, const char *body,
		       size_t len, int cut, size_t whole)
{
	if (!len)
		return;
	buf_puts(out, prefix);
	buf_putc(out, '\n');
	prefixed(out, prefix, body, len);
	if (cut)
		buf_printf(out, "%s ... (%zu bytes, cut at %zu)\n", prefix,
			   whole, len);
}

struct writing {
	const struct journal_filter *f;
	struct buf *out;
	long n;
};

static int write_entry(const struct journal_entry *e, void *ctx)
{
	struct writing *w = ctx;
	if (w->f && !journal_filter_matches(w->f, e))
		return 0;
	if (w->f && w->f->limit >= 0 && w->n >= w->f->limit)
		return 1;
	struct buf *out = w->out;
	char when[32];
	det_format_iso(e->time_us, when);
	const char *op = journal_operation_id(e->op);
	buf_printf(out, "### %ld %s %s", ++w->n, when, op ? op : "(no operation)");
	if (e->instance[0])
		buf_printf(out, " instance=%s", e->instance);
	if (e->off_script || e->step[0])
		buf_printf(out, " [%s: %s]", e->scenario,
			   e->off_script ? "off script" : e->step);
	buf_putc(out, '\n');
	buf_printf(out, "> %s %s%s%s\n", e->method, e->path, e->query[0] ? "?" : "",
		   e->query);
	header_lines(out, ">", e->req_headers, 1);
	body_lines(out, ">", e->req_body, e->req_body_len, e->req_body_cut,
		   e->req_body_len);
	if (e->fault)
		buf_printf(out, "< (fault: %s)\n", fault_name(e->fault));
	buf_printf(out, "< %d %s\n", e->status, reply_reason(e->status));
	if (e->content_type[0])
		buf_printf(out, "< Content-Type: %s\n", e->content_type);
	header_lines(out, "<", e->resp_headers, 0);
	body_lines(out, "<", e->resp_body, e->resp_body_len, e->resp_body_cut,
		   e->resp_body_size);
	buf_putc(out, '\n');
	return 0;
}

void transcript_write(struct journal *j, const struct journal_filter *f,
		      struct buf *out)
{
	struct writing w = {f, out, 0};
	journal_each(j, write_entry, &w);
}
