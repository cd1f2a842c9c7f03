/* test_rcbuf.c - immutable bytes shared by reference count. */
#include <string.h>

#include "rcbuf.h"
#include "tap.h"

static void test_take(void)
{
	struct buf b = {0};
	buf_puts(&b, "[1, 2]");
	struct rcbuf *r = rcbuf_take(&b);
	CHECK(r->len == 6 && strcmp(r->data, "[1, 2]") == 0,
	      "rcbuf_take copies the bytes, NUL-terminated");
	CHECK(b.data == NULL && b.len == 0, "rcbuf_take leaves the buf empty");
	CHECK(atomic_load(&r->refs) == 1, "a new rcbuf has one reference");
	rcbuf_unref(r);
	rcbuf_unref(NULL); /* allowed: ASan would report a bad free */
}

static void test_begin_reserves_the_expected_length(void)
{
	struct buf b = {0};
	rcbuf_begin(&b, 10000);
	char *data = b.data;
	CHECK(b.cap > sizeof(struct rcbuf) + 10000,
	      "rcbuf_begin allocates room for the expected length at once");
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, "0123456789");
	CHECK(b.data == data,
	      "contents of the expected length are appended without moving");
	buf_puts(&b, "more");
	struct rcbuf *r = rcbuf_finish(&b);
	CHECK(r->len == 10004 && memcmp(r->data, "0123456789", 10) == 0 &&
		      strcmp(r->data + 10000, "more") == 0,
	      "contents longer than expected grow and are all kept");
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0,
	      "rcbuf_finish leaves the buf empty");
	rcbuf_unref(r);
}

static void test_begin_with_nothing_expected(void)
{
	struct buf b = {0};
	rcbuf_begin(&b, 0);
	struct rcbuf *r = rcbuf_finish(&b);
	CHECK(r->len == 0 && r->data[0] == '\0',
	      "an rcbuf begun and finished empty is the empty string");
	rcbuf_unref(r);
}

static void test_references(void)
{
	struct buf b = {0};
	buf_puts(&b, "x");
	struct rcbuf *r = rcbuf_take(&b);
	CHECK(rcbuf_ref(r) == r && atomic_load(&r->refs) == 2,
	      "rcbuf_ref adds a reference to the same bytes");
	rcbuf_unref(r);
	CHECK(atomic_load(&r->refs) == 1 && strcmp(r->data, "x") == 0,
	      "dropping one of two references keeps the bytes");
	rcbuf_unref(r); /* the last one frees: LSan would report it otherwise */
}

int main(void)
{
	test_take();
	test_begin_reserves_the_expected_length();
	test_begin_with_nothing_expected();
	test_references();
	return tap_done();
}
