/* diag.c - prints spec errors as path:line:col: error: message. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag *d, const char *path, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->path = path;
	d->out = out;
}

void diag_error(struct diag *d, int line, int col, const char *fmt, ...)
{
	struct diag_msg *m;
	va_list ap;
	int n;

	d->errors++;
	if (d->nmsgs == d->cap) {
		int cap = d->cap ? d->cap * 2 : 16;
		void *p = realloc(d->msgs, (size_t)cap * sizeof(*d->msgs));

		if (!p) {
			fputs("specgen: error: out of memory\n", stderr);
			exit(1);
		}
		d->msgs = p;
		d->cap = cap;
	}
	m = &d->msgs[d->nmsgs++];
	m->seq = d->nmsgs;
	m->line = line > 0 ? line : 1;
	m->col = col > 0 ? col : 1;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	m->text = malloc(n > 0 ? (size_t)n + 1 : 1);
	if (!m->text) {
		fputs("specgen: error: out of memory\n", stderr);
		exit(1);
	}
	m->text[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(m->text, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	va_end(ap);
}

static int by_position(const void *pa, const void *pb)
{
	const struct diag_msg *a = pa, *b = pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	/* qsort is not stable: the recording order breaks ties */
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_flush(struct diag *d)
{
	int i;

	if (d->nmsgs > 1)
		qsort(d->msgs, (size_t)d->nmsgs, sizeof(*d->msgs), by_position);
	for (i = 0; i < d->nmsgs; i++) {
		fprintf(d->out, "%s:%d:%d: error: %s\n", d->path,
			d->msgs[i].line, d->msgs[i].col, d->msgs[i].text);
		free(d->msgs[i].text);
	}
	free(d->msgs);
	d->msgs = NULL;
	d->nmsgs = d->cap = 0;
}

/* Bytes of one escape for c, or 0 if c prints as itself. */
static size_t escape_byte(char *out, unsigned char c)
{
	switch (c) {
	case '\n':
		return (size_t)sprintf(out, "\\n");
	case '\t':
		return (size_t)sprintf(out, "\\t");
	case '\r':
		return (size_t)sprintf(out, "\\r");
	case '\\':
	case '\'':
		return (size_t)sprintf(out, "\\%c", c);
	}
	if (c < 0x20 || c == 0x7f)
		return (size_t)sprintf(out, "\\x%02x", c);
	return 0;
}

/* Length of the UTF-8 sequence that starts with byte c. */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

const char *diag_qn(struct diag *d, const char *s, size_t len)
{
	char *buf = d->quoted[d->next_slot];
	char esc[8];
	size_t i = 0, o = 0;

	d->next_slot = (d->next_slot + 1) % DIAG_QUOTE_SLOTS;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t k = utf8_len(c), n = escape_byte(esc, c);
		const char *from = s + i;

		if (n) {
			from = esc;
			k = 1;
		} else if (c == 0xc2 && i + 1 < len &&
			   (unsigned char)s[i + 1] < 0xa0) {
			/* C1 control characters are controls too */
			n = (size_t)sprintf(esc, "\\u%04x",
					    (unsigned char)s[i + 1]);
			from = esc;
			k = 2;
		} else {
			if (k > len - i)
				k = len - i;
			n = k;
		}
		if (o + n > DIAG_QUOTE_MAX) /* never cut a sequence */
			break;
		memcpy(buf + o, from, n);
		o += n;
		i += k;
	}
	if (i < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

const char *diag_q(struct diag *d, const char *s)
{
	return diag_qn(d, s, strlen(s));
}
