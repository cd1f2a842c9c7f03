/* test_gen_json_escape.c - the shared JSON string escaper, both rules,
 * and the bounded UTF-8 decoder.  ASCII-rule texts are what CPython 3's
 * json.dumps writes. */
#include <string.h>

#include "buf.h"
#include "json_escape.h"
#include "tap.h"

/* The literal for s[0..len) under rule, in a static buffer. */
static const char *esc(const char *s, size_t len, enum json_esc rule)
{
	static char out[256];
	struct buf b = {0};
	json_escape(&b, s, len, rule);
	snprintf(out, sizeof out, "%s", buf_cstr(&b));
	buf_free(&b);
	return out;
}

#define ASCII(lit) esc(lit, sizeof(lit) - 1, JSON_ESC_ASCII)
#define UTF8(lit) esc(lit, sizeof(lit) - 1, JSON_ESC_UTF8)

static void test_shared_ascii(void)
{
	static const char in[] = "a\"b\\c/\b\f\n\r\t\x01\x1f\x7f";
	static const char want[] =
		"\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\"";

	CHECK_STR(ASCII(in), want,
		  "ascii rule: quote, backslash, short forms, other controls and DEL as \\u00XX");
	CHECK_STR(UTF8(in), want, "utf-8 rule: the same bytes for ASCII");
	CHECK_STR(UTF8(""), "\"\"", "the empty string is \"\"");
	CHECK_STR(UTF8("a\0b"), "\"a\\u0000b\"",
		  "a NUL inside the length is escaped, not an end");
	CHECK_STR(esc("abc", 2, JSON_ESC_ASCII), "\"ab\"",
		  "nothing past the length is read");
}

static void test_above_ascii(void)
{
	CHECK_STR(UTF8("\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80"),
		  "\"\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80\"",
		  "utf-8 rule: non-ASCII bytes are copied as they are");
	CHECK_STR(ASCII("\xc3\xbc"), "\"\\u00fc\"", "ascii rule: two bytes, one \\u escape");
	CHECK_STR(ASCII("\xe2\x82\xac"), "\"\\u20ac\"", "ascii rule: three bytes, one \\u escape");
	CHECK_STR(ASCII("\xf0\x9f\x98\x80"), "\"\\ud83d\\ude00\"",
		  "ascii rule: an astral character is a surrogate pair");
	CHECK_STR(ASCII("\xff" "a\xc3"), "\"\\ufffda\\ufffd\"",
		  "ascii rule: a bad byte and a sequence cut by the end read as U+FFFD");
	CHECK_STR(ASCII("\xe2\x82" "a"), "\"\\ufffd\\ufffda\"",
		  "ascii rule: a broken sequence is skipped one byte at a time");
}

static void test_utf8_next(void)
{
	static const unsigned char euro[] = "\xe2\x82\xac!";
	const unsigned char *p = euro;

	CHECK(utf8_next(&p, euro + 4) == 0x20AC && p == euro + 3,
	      "utf8_next decodes a sequence and steps past it");
	p = euro;
	CHECK(utf8_next(&p, euro + 2) == 0xFFFD && p == euro + 1,
	      "utf8_next never reads a sequence past the end");
}

int main(void)
{
	test_shared_ascii();
	test_above_ascii();
	test_utf8_next();
	return tap_done();
}
