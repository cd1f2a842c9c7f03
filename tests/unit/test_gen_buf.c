/* test_gen_buf.c - the growable byte buffer. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tap.h"

static void test_appends(void)
{
	struct buf b = {0};
	CHECK_STR(buf_cstr(&b), "", "an empty buffer reads as the empty string");
	CHECK(b.data != NULL, "buf_cstr of an empty buffer never gives NULL");
	buf_puts(&b, "ab");
	buf_putc(&b, 'c');
	buf_append(&b, "def", 2);
	buf_append(&b, NULL, 0);
	CHECK_STR(b.data, "abcde", "puts, putc and append add bytes in order");
	CHECK(b.len == 5, "the length counts the bytes appended");
	buf_append(&b, "x\0y", 3);
	CHECK(b.len == 8 && memcmp(b.data + 5, "x\0y", 3) == 0,
	      "append copies embedded NUL bytes");
	CHECK(b.data[b.len] == '\0', "the data stays NUL-terminated");
	buf_free(&b);
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0,
	      "buf_free leaves an empty buffer");
}

static void test_printf_growth(void)
{
	struct buf b = {0};
	buf_printf(&b, "%d-%s", 42, "x");
	CHECK_STR(b.data, "42-x", "printf formats into the buffer");
	char big[200];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	CHECK(b.len == 4 + 201, "printf past 64 bytes keeps every byte");
	CHECK(b.cap > b.len, "the capacity grows past the length (room for NUL)");
	CHECK(b.data[4] == '[' && b.data[204] == ']' && b.data[205] == '\0',
	      "printf past 64 bytes writes the whole text and a NUL");
	CHECK(strncmp(b.data, "42-x[zzz", 8) == 0,
	      "growing keeps what was there");
	struct buf c = {0};
	for (int i = 0; i < 1000; i++)
		buf_printf(&c, "%03d,", i);
	CHECK(c.len == 4000 && strncmp(c.data + 3996, "999,", 4) == 0,
	      "many small printfs accumulate");
	buf_free(&b);
	buf_free(&c);
}

static void test_take(void)
{
	struct buf b = {0};
	buf_puts(&b, "hello");
	size_t len = 0;
	char *p = buf_take(&b, &len);
	CHECK_STR(p, "hello", "take hands over the contents");
	CHECK(len == 5, "take reports the length");
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0,
	      "after take the buffer is empty and owns nothing");
	buf_puts(&b, "again");
	CHECK_STR(b.data, "again", "a taken-from buffer can be used again");
	CHECK(p != b.data, "the taken memory is not reused by the buffer");
	free(p);
	buf_free(&b);
	struct buf e = {0};
	char *q = buf_take(&e, NULL);
	CHECK(q != NULL && q[0] == '\0',
	      "take of an empty buffer gives an empty string, not NULL");
	free(q);
}

static void test_reset(void)
{
	struct buf b = {0};
	buf_printf(&b, "%0100d", 7);
	size_t cap = b.cap;
	char *data = b.data;
	buf_reset(&b);
	CHECK(b.len == 0, "reset empties the buffer");
	CHECK(b.cap == cap && b.data == data, "reset keeps the memory");
	CHECK_STR(buf_cstr(&b), "", "a reset buffer reads as empty");
	buf_puts(&b, "short");
	CHECK(b.data == data, "appending after reset reuses the memory");
	CHECK_STR(b.data, "short", "appending after reset starts at the front");
	struct buf z = {0};
	buf_reset(&z);
	CHECK(z.data == NULL && z.len == 0, "reset of a zeroed buffer is harmless");
	buf_free(&b);
}

static void test_reserve(void)
{
	struct buf b = {0};
	buf_reserve(&b, 1000);
	CHECK(b.cap >= 1001, "reserve makes room for the bytes and a NUL");
	char *data = b.data;
	for (int i = 0; i < 1000; i++)
		buf_putc(&b, 'a');
	CHECK(b.data == data, "appending within a reservation does not move the data");
	buf_free(&b);
}

static void test_literal_and_recycle(void)
{
	struct buf b = {0};
	BUF_LITERAL(&b, "ab\0c");
	CHECK(b.len == 4 && memcmp(b.data, "ab\0c", 4) == 0,
	      "BUF_LITERAL appends the literal's every byte, a NUL included");
	char *data = b.data;
	buf_recycle(&b, 1024);
	CHECK(b.len == 0 && b.data == data, "recycling keeps memory up to the cap");
	buf_reserve(&b, 4096);
	buf_recycle(&b, 1024);
	CHECK(b.len == 0 && b.data == NULL && b.cap == 0,
	      "recycling frees memory over the cap");
	buf_free(&b);
}

static void test_reserve_exact(void)
{
	struct buf b = {0};
	buf_reserve_exact(&b, 100);
	CHECK(b.cap == 101, "buf_reserve_exact makes room for exactly that and the NUL");
	buf_puts(&b, "abc");
	buf_reserve_exact(&b, 10);
	CHECK(b.cap == 101 && !strcmp(buf_cstr(&b), "abc"),
	      "buf_reserve_exact keeps a buffer large enough, and its contents");
	buf_reserve_exact(&b, 200);
	CHECK(b.cap == 204 && !strcmp(buf_cstr(&b), "abc"),
	      "buf_reserve_exact grows to exactly what is asked");
	buf_free(&b);
}

static void test_put_printable(void)
{
	struct buf b = {0};
	buf_put_printable(&b, "a\r\nb\x7f\x01\xc3\xa9 z");
	CHECK(!strcmp(buf_cstr(&b), "a\\x0d\\x0ab\\x7f\\x01\xc3\xa9 z"),
	      "buf_put_printable writes control bytes and DEL as \\xNN, keeps UTF-8 and spaces");
	buf_reset(&b);
	buf_put_printable(&b, "");
	CHECK(b.len == 0, "buf_put_printable of an empty text appends nothing");
	buf_free(&b);
}

int main(void)
{
	test_put_printable();
	test_reserve_exact();
	test_literal_and_recycle();
	test_appends();
	test_printf_growth();
	test_take();
	test_reset();
	test_reserve();
	return tap_done();
}
