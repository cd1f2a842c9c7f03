/* test_journal.c - the bounded ring of requests answered. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "tap.h"

static struct journal_record record(const char *instance, const char *path,
				    int status)
{
	struct journal_record r = {
		.instance = instance, .method = "GET", .path = path,
		.op = 0, .status = status, .resp_body = "{}",
		.resp_body_len = 2, .time_us = 42,
	};
	return r;
}

struct seen {
	int n;
	char paths[16][64];
	uint64_t seqs[16];
	const struct journal_entry *last;
	size_t max_text;
};

static int collect(const struct journal_entry *e, void *ctx)
{
	struct seen *s = ctx;
	if (s->n < 16) {
		snprintf(s->paths[s->n], sizeof s->paths[0], "%s", e->path);
		s->seqs[s->n] = e->seq;
	}
	s->n++;
	if (e->text.cap > s->max_text)
		s->max_text = e->text.cap;
	return 0;
}

static int stop_at_first(const struct journal_entry *e, void *ctx)
{
	(void)e;
	(*(int *)ctx)++;
	return 1;
}

static void test_ring_keeps_the_newest(void)
{
	struct journal *j = journal_new(3);
	char path[32];
	for (int i = 1; i <= 5; i++) {
		snprintf(path, sizeof path, "/p%d", i);
		struct journal_record r = record("", path, 200);
		journal_add(j, &r);
	}
	struct seen s = {0};
	journal_each(j, collect, &s);
	CHECK(s.n == 3, "a full ring keeps capacity entries");
	CHECK(!strcmp(s.paths[0], "/p3") && !strcmp(s.paths[2], "/p5"),
	      "the oldest entries go first, the rest stay in order");
	CHECK(s.seqs[0] == 3 && s.seqs[2] == 5, "entries are numbered from 1 in arrival order");
	int calls = 0;
	journal_each(j, stop_at_first, &calls);
	CHECK(calls == 1, "journal_each stops when the callback says so");
	journal_free(j);
}

static int check_fields(const struct journal_entry *e, void *ctx)
{
	int *ok = ctx;
	*ok = !strcmp(e->instance, "") && !strcmp(e->method, "GET") &&
	      e->status == 404 && e->time_us == 42 && e->resp_body_size == 2 &&
	      !strcmp(e->query, "") && !strcmp(e->step, "") &&
	      e->resp_body_len == 2 && !memcmp(e->resp_body, "{}", 2) &&
	      !e->req_body_cut && e->req_body_len == 0;
	return 0;
}

static void test_fields_are_copied(void)
{
	struct journal *j = journal_new(2);
	char path[] = "/api/sessions";
	struct journal_record r = record(NULL, path, 404);
	journal_add(j, &r);
	path[1] = 'X'; /* the journal keeps its own copy */
	int ok = 0;
	journal_each(j, check_fields, &ok);
	CHECK(ok, "an entry holds what was recorded, absent strings as \"\"");
	struct seen s = {0};
	journal_each(j, collect, &s);
	CHECK_STR(s.paths[0], "/api/sessions", "the path is copied, not borrowed");
	journal_free(j);
}

static int check_cut(const struct journal_entry *e, void *ctx)
{
	int *ok = ctx;
	*ok = e->req_body_cut && e->req_body_len <= JOURNAL_MAX_BODY &&
	      e->resp_body_cut && e->resp_body_size == 100000 &&
	      strlen(e->path) <= JOURNAL_MAX_PATH &&
	      strlen(e->step) <= JOURNAL_MAX_TEXT &&
	      /* the cut falls between characters: 3-byte é... stays whole */
	      e->req_body_len % 2 == 0;
	return 0;
}

static void test_strings_are_bounded(void)
{
	struct journal *j = journal_new(4);
	size_t big = 100000;
	char *long_text = malloc(big + 1), *utf8 = malloc(big + 1);
	memset(long_text, 'a', big);
	long_text[big] = '\0';
	for (size_t i = 0; i < big; i += 2) { /* é is 0xC3 0xA9 */
		utf8[i] = (char)0xC3;
		utf8[i + 1] = (char)0xA9;
	}
	utf8[big] = '\0';
	struct journal_record r = record("", long_text, 200);
	r.step = long_text;
	r.req_body = utf8;
	r.req_body_len = big;
	r.resp_body = long_text;
	r.resp_body_len = big;
	journal_add(j, &r);
	int ok = 0;
	journal_each(j, check_cut, &ok);
	CHECK(ok, "long strings and bodies are cut to the bounds, and marked");
	for (int i = 0; i < 1000; i++)
		journal_add(j, &r);
	struct seen s = {0};
	journal_each(j, collect, &s);
	CHECK(s.max_text <= 2 * JOURNAL_MAX_BODY + 2 * JOURNAL_MAX_HEADERS +
			      2 * JOURNAL_MAX_PATH + 6 * JOURNAL_MAX_TEXT + 64,
	      "an entry's memory stays bounded however often its slot is reused");
	struct journal_record small = record("", "/s", 200);
	for (int i = 0; i < 8; i++)
		journal_add(j, &small);
	memset(&s, 0, sizeof s);
	journal_each(j, collect, &s);
	CHECK(s.max_text < 512, "a slot that held a long entry shrinks to a short one's size");
	free(long_text);
	free(utf8);
	journal_free(j);
}

static void test_clear(void)
{
	struct journal *j = journal_new(8);
	const char *who[] = {"a", "", "a", "b", ""};
	for (int i = 0; i < 5; i++) {
		char path[16];
		snprintf(path, sizeof path, "/%d", i);
		struct journal_record r = record(who[i], path, 200);
		journal_add(j, &r);
	}
	journal_clear(j, "a");
	struct seen s = {0};
	journal_each(j, collect, &s);
	CHECK(s.n == 3 && !strcmp(s.paths[0], "/1") && !strcmp(s.paths[1], "/3") &&
	      !strcmp(s.paths[2], "/4"),
	      "clearing one instance keeps the others' entries in order");
	CHECK(s.seqs[2] == 5, "clearing one instance keeps the numbering");
	struct journal_record r = record("", "/5", 200);
	journal_add(j, &r);
	CHECK(journal_count(j) == 4, "entries are added after a partial clear");
	journal_clear(j, NULL);
	CHECK(journal_count(j) == 0, "clearing all empties the journal");
	journal_add(j, &r);
	memset(&s, 0, sizeof s);
	journal_each(j, collect, &s);
	CHECK(s.n == 1 && s.seqs[0] == 1, "after clearing all, numbering starts at 1 again");
	journal_free(j);
}

static void test_off(void)
{
	struct journal *j = journal_new(0);
	struct journal_record r = record("", "/", 200);
	journal_add(j, &r);
	CHECK(journal_count(j) == 0 && journal_capacity(j) == 0,
	      "a journal of capacity 0 keeps nothing");
	journal_clear(j, NULL);
	journal_free(j);
}

struct order {
	uint64_t last;
	int ok, n;
};

static int in_order(const struct journal_entry *e, void *ctx)
{
	struct order *o = ctx;
	o->ok &= e->seq > o->last && !strcmp(e->method, "GET") &&
		 e->resp_body_len == 2 && !memcmp(e->resp_body, "{}", 2);
	o->last = e->seq;
	o->n++;
	return 0;
}

static void *writer(void *arg)
{
	struct journal *j = arg;
	for (int i = 0; i < 20000; i++) {
		struct journal_record r = record(i % 2 ? "a" : "", "/w", 200);
		journal_add(j, &r);
	}
	return NULL;
}

static void *reader(void *arg)
{
	struct journal *j = arg;
	int ok = 1;
	for (int i = 0; i < 200; i++) {
		struct order o = {0, 1, 0};
		journal_each(j, in_order, &o);
		ok &= o.ok;
		if (i % 50 == 49)
			journal_clear(j, "a");
	}
	return (void *)(intptr_t)ok;
}

static void test_concurrent(void)
{
	struct journal *j = journal_new(64);
	pthread_t w[4], r;
	for (int i = 0; i < 4; i++)
		pthread_create(&w[i], NULL, writer, j);
	pthread_create(&r, NULL, reader, j);
	void *ok;
	pthread_join(r, &ok);
	for (int i = 0; i < 4; i++)
		pthread_join(w[i], NULL);
	CHECK(ok, "while four threads add and one clears, every read sees whole entries in order");
	struct order o = {0, 1, 0};
	journal_each(j, in_order, &o);
	CHECK(o.ok && o.n == 64 && o.last == 80000,
	      "after 80,000 concurrent adds the ring holds the newest 64, in order");
	journal_free(j);
}

int main(void)
{
	test_concurrent();
	test_ring_keeps_the_newest();
	test_fields_are_copied();
	test_strings_are_bounded();
	test_clear();
	test_off();
	return tap_done();
}
