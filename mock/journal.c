/* journal.c - a bounded ring of the requests answered. */
#define _GNU_SOURCE /* PTHREAD_MUTEX_ADAPTIVE_NP */
#include "journal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Locking: `lock` guards the ring's shape (head, count, seq); each slot
 * has its own lock, held while its entry is written or read.  A request
 * claims its slot under `lock` and locks the slot before letting `lock`
 * go, then copies its strings under the slot's lock alone: the copying,
 * most of the cost, runs in parallel on every worker.  Order: `lock`
 * before a slot's, slots in index order. */
struct journal {
	pthread_mutex_t lock;
	pthread_mutex_t *slot_locks;
	struct journal_entry *ring;
	size_t capacity;
	size_t head;  /* index of the oldest entry */
	size_t count;
	uint64_t seq; /* of the newest entry */
};


struct journal *journal_new(size_t capacity)
{
	struct journal *j = calloc(1, sizeof *j);
	if (!j)
		return NULL;
	j->capacity = capacity;
	if (capacity && (!(j->ring = calloc(capacity, sizeof *j->ring)) ||
			 !(j->slot_locks = calloc(capacity, sizeof *j->slot_locks)))) {
		free(j->ring);
		free(j);
		return NULL;
	}
	for (size_t i = 0; i < capacity; i++)
		pthread_mutex_init(&j->slot_locks[i], NULL);
	/* held for a few instructions per request: spinning a moment beats
	 * sleeping in the kernel (as the engine's lock) */
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
	pthread_mutex_init(&j->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	return j;
}

void journal_free(struct journal *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->capacity; i++) {
		buf_free(&j->ring[i].text);
		pthread_mutex_destroy(&j->slot_locks[i]);
	}
	free(j->ring);
	free(j->slot_locks);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

size_t journal_capacity(const struct journal *j)
{
	return j->capacity;
}

/* Bytes of s to keep within max: at most max, not ending inside a
 * UTF-8 sequence (so a cut text stays valid UTF-8 if it was). */
static size_t cut_length(const char *s, size_t len, size_t max, int *cut)
{
	*cut = len > max;
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* Appends s (len bytes, cut to max) and a NUL; returns its offset. */
static size_t put(struct buf *b, const char *s, size_t len, size_t max,
		  int *cut)
{
	int ignored;
	size_t off = b->len;
	if (s)
		buf_append(b, s, cut_length(s, len, max, cut ? cut : &ignored));
	buf_putc(b, '\0');
	return off;
}

static size_t put_text(struct buf *b, const char *s, size_t max)
{
	return put(b, s, s ? strlen(s) : 0, max, NULL);
}

/* Appends the headers as lines, up to JOURNAL_MAX_HEADERS bytes (whole
 * lines only), and a NUL; returns their offset. */
static size_t put_headers(struct buf *b, const struct request_header *h,
			  int n)
{
	size_t off = b->len;
	for (int i = 0; i < n; i++) {
		size_t name = strlen(h[i].name), value = strlen(h[i].value);
		if (b->len - off + name + value + 4 > JOURNAL_MAX_HEADERS)
			break;
		buf_append(b, h[i].name, name);
		BUF_LITERAL(b, ": ");
		buf_append(b, h[i].value, value);
		BUF_LITERAL(b, "\r\n");
	}
	buf_putc(b, '\0');
	return off;
}

static size_t text_size(const char *s, size_t max)
{
	size_t len = s ? strnlen(s, max + 1) : 0;
	return (len > max ? max : len) + 1;
}

static size_t headers_size(const struct request_header *h, int n)
{
	size_t size = 0;
	for (int i = 0; i < n; i++) {
		size_t line = strlen(h[i].name) + strlen(h[i].value) + 4;
		if (size + line > JOURNAL_MAX_HEADERS)
			break;
		size += line;
	}
	return size + 1;
}

/* The bytes fill() will put in an entry's text: its buffer is sized to
 * them, so a slot holds what its entry needs, not the most a slot ever
 * needed (doubling growth would keep 8 to 32 KiB in every slot that once
 * held a long body). */
static size_t entry_size(const struct journal_record *r)
{
	return text_size(r->instance, JOURNAL_MAX_TEXT) +
	       text_size(r->scenario, JOURNAL_MAX_TEXT) +
	       text_size(r->method, 16) + text_size(r->path, JOURNAL_MAX_PATH) +
	       text_size(r->query, JOURNAL_MAX_PATH) +
	       headers_size(r->req_headers, r->nreq_headers) +
	       text_size(r->step, JOURNAL_MAX_TEXT) +
	       text_size(r->note, JOURNAL_MAX_TEXT) +
	       text_size(r->content_type, JOURNAL_MAX_TEXT) +
	       text_size(r->resp_headers, JOURNAL_MAX_HEADERS) +
	       (r->req_body_len < JOURNAL_MAX_BODY ? r->req_body_len : JOURNAL_MAX_BODY) + 1 +
	       (r->resp_body_len < JOURNAL_MAX_BODY ? r->resp_body_len : JOURNAL_MAX_BODY) + 1;
}

/* Empties b and gives it room for size bytes, reallocating only when it
 * is too small or more than twice too large. */
static void size_text(struct buf *b, size_t size)
{
	if (b->cap > 2 * size + 256)
		buf_free(b);
	buf_reset(b);
	buf_reserve_exact(b, size);
}

/* Fills e from r; e->text is empty and keeps its memory. */
static void fill(struct journal_entry *e, const struct journal_record *r)
{
	struct buf *b = &e->text;
	enum { INST, SCEN, METHOD, PATH, QUERY, RQH, STEP, NOTE, CTYPE, RSH, RQB, RSB, N };
	size_t off[N];
	off[INST] = put_text(b, r->instance, JOURNAL_MAX_TEXT);
	off[SCEN] = put_text(b, r->scenario, JOURNAL_MAX_TEXT);
	off[METHOD] = put_text(b, r->method, 16);
	off[PATH] = put_text(b, r->path, JOURNAL_MAX_PATH);
	off[QUERY] = put_text(b, r->query, JOURNAL_MAX_PATH);
	off[RQH] = put_headers(b, r->req_headers, r->nreq_headers);
	off[STEP] = put_text(b, r->step, JOURNAL_MAX_TEXT);
	off[NOTE] = put_text(b, r->note, JOURNAL_MAX_TEXT);
	off[CTYPE] = put_text(b, r->content_type, JOURNAL_MAX_TEXT);
	off[RSH] = put_text(b, r->resp_headers, JOURNAL_MAX_HEADERS);
	off[RQB] = put(b, r->req_body, r->req_body_len, JOURNAL_MAX_BODY,
		       &e->req_body_cut);
	off[RSB] = put(b, r->resp_body, r->resp_body_len, JOURNAL_MAX_BODY,
		       &e->resp_body_cut);
	/* Pointers are taken once the buffer no longer moves. */
	const char *base = b->data;
	e->instance = base + off[INST];
	e->scenario = base + off[SCEN];
	e->method = base + off[METHOD];
	e->path = base + off[PATH];
	e->query = base + off[QUERY];
	e->req_headers = base + off[RQH];
	e->step = base + off[STEP];
	e->note = base + off[NOTE];
	e->content_type = base + off[CTYPE];
	e->resp_headers = base + off[RSH];
	e->req_body = base + off[RQB];
	e->req_body_len = off[RSB] - off[RQB] - 1;
	e->resp_body = base + off[RSB];
	e->resp_body_len = b->len - off[RSB] - 1;
	e->op = r->op;
	e->off_script = r->off_script;
	e->fault = r->fault;
	e->verdict = r->verdict;
	e->status = r->status;
	e->time_us = r->time_us;
	e->resp_body_size = r->resp_body_len;
}

void journal_add(struct journal *j, const struct journal_record *r)
{
	if (!j->capacity)
		return;
	size_t size = entry_size(r), at;
	pthread_mutex_lock(&j->lock);
	if (j->count < j->capacity) {
		at = (j->head + j->count) % j->capacity;
		j->count++;
	} else { /* full: the oldest slot becomes the newest */
		at = j->head;
		j->head = (j->head + 1) % j->capacity;
	}
	struct journal_entry *e = &j->ring[at];
	pthread_mutex_lock(&j->slot_locks[at]);
	e->seq = ++j->seq;
	pthread_mutex_unlock(&j->lock);
	size_text(&e->text, size);
	fill(e, r);
	pthread_mutex_unlock(&j->slot_locks[at]);
}

void journal_each(struct journal *j,
		  int (*fn)(const struct journal_entry *e, void *ctx), void *ctx)
{
	pthread_mutex_lock(&j->lock);
	for (size_t i = 0; i < j->count; i++) {
		size_t at = (j->head + i) % j->capacity;
		pthread_mutex_lock(&j->slot_locks[at]);
		int stop = fn(&j->ring[at], ctx);
		pthread_mutex_unlock(&j->slot_locks[at]);
		if (stop)
			break;
	}
	pthread_mutex_unlock(&j->lock);
}

size_t journal_count(struct journal *j)
{
	pthread_mutex_lock(&j->lock);
	size_t n = j->count;
	pthread_mutex_unlock(&j->lock);
	return n;
}

/* Moves the kept entries to the front of the ring, in order; the slots
 * freed keep their buffers' memory for later entries. */
static void keep_others(struct journal *j, const char *instance)
{
	size_t kept = 0;
	for (size_t i = 0; i < j->count; i++) {
		struct journal_entry *e = &j->ring[(j->head + i) % j->capacity];
		if (strcmp(e->instance, instance) == 0)
			continue;
		struct journal_entry *to = &j->ring[(j->head + kept) % j->capacity];
		struct journal_entry tmp = *to;
		*to = *e;
		*e = tmp;
		kept++;
	}
	j->count = kept;
}

void journal_clear(struct journal *j, const char *instance)
{
	if (!j->capacity)
		return;
	pthread_mutex_lock(&j->lock);
	if (instance) { /* entries move between slots: every slot is held */
		for (size_t i = 0; i < j->capacity; i++)
			pthread_mutex_lock(&j->slot_locks[i]);
		keep_others(j, instance);
		for (size_t i = 0; i < j->capacity; i++)
			pthread_mutex_unlock(&j->slot_locks[i]);
	} else {
		j->count = 0;
		j->head = 0;
		j->seq = 0;
	}
	pthread_mutex_unlock(&j->lock);
}
