/* test_json_py.c - JSON text as Python's json.dumps writes it, repr(),
 * and the UTF-8 check.  Expected texts were produced by CPython 3. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_py.h"
#include "tap.h"


/* json.dumps of the JSON text in, into a static buffer. */
static const char *dumps(const char *in)
{
	static char out[1024];
	cJSON *v = cJSON_Parse(in);
	struct buf b = {0};
	if (v)
		json_py_write(&b, v);
	else
		buf_puts(&b, "(parse error)");
	snprintf(out, sizeof out, "%s", buf_cstr(&b));
	buf_free(&b);
	cJSON_Delete(v);
	return out;
}

static const char *string_lit(const char *utf8)
{
	static char out[1024];
	struct buf b = {0};
	json_py_write_string(&b, utf8);
	snprintf(out, sizeof out, "%s", buf_cstr(&b));
	buf_free(&b);
	return out;
}

static const char *repr(const char *utf8)
{
	static char out[1024];
	struct buf b = {0};
	py_repr_string(&b, utf8);
	snprintf(out, sizeof out, "%s", buf_cstr(&b));
	buf_free(&b);
	return out;
}

static void test_separators_and_order(void)
{
	CHECK_STR(dumps("{\"z\":1,\"a\":2,\"m\":[1,2,3]}"),
		  "{\"z\": 1, \"a\": 2, \"m\": [1, 2, 3]}",
		  "objects use \", \" and \": \" and keep key order");
	CHECK_STR(dumps("[]"), "[]", "an empty array is []");
	CHECK_STR(dumps("{}"), "{}", "an empty object is {}");
	CHECK_STR(dumps("[true,false,null]"), "[true, false, null]",
		  "literals are true, false, null");
	CHECK_STR(dumps("{\"a\":{\"b\":[1,{\"c\":[]}]},\"e\":{}}"),
		  "{\"a\": {\"b\": [1, {\"c\": []}]}, \"e\": {}}",
		  "nested containers are written in full");
	CHECK_STR(dumps("{\"k\\u00e9y\":\"v\"}"), "{\"k\\u00e9y\": \"v\"}",
		  "keys are escaped like strings");
}

static void test_strings(void)
{
	CHECK_STR(string_lit("plain"), "\"plain\"", "printable ASCII is kept");
	CHECK_STR(string_lit("\xc3\xbc"), "\"\\u00fc\"",
		  "non-ASCII is escaped as \\u00fc");
	CHECK_STR(string_lit("\xe2\x82\xac"), "\"\\u20ac\"",
		  "a three-byte character is one \\u escape");
	CHECK_STR(string_lit("\xf0\x9f\x98\x80"), "\"\\ud83d\\ude00\"",
		  "an astral character is a surrogate pair");
	CHECK_STR(string_lit("a\nb\tc\x01"), "\"a\\nb\\tc\\u0001\"",
		  "control characters are \\n, \\t and \\u0001");
	CHECK_STR(string_lit("\b\f\r\x1f"), "\"\\b\\f\\r\\u001f\"",
		  "\\b, \\f, \\r have short escapes, 0x1f a \\u escape");
	CHECK_STR(string_lit("del\x7f"), "\"del\\u007f\"",
		  "DEL 0x7f is escaped as \\u007f");
	CHECK_STR(string_lit("say \"hi\" \\o/"), "\"say \\\"hi\\\" \\\\o/\"",
		  "quotes and backslashes are escaped, / is not");
	CHECK_STR(string_lit(""), "\"\"", "the empty string is \"\"");
	CHECK_STR(dumps("[\"\\u00fc\\ud83d\\ude00\\n\\t\\u0001\\u007f\\\"\\\\\"]"),
		  "[\"\\u00fc\\ud83d\\ude00\\n\\t\\u0001\\u007f\\\"\\\\\"]",
		  "a parsed string round-trips to the same escapes");
}

static void test_numbers(void)
{
	CHECK_STR(dumps("[5,1.5,0.1,-3]"), "[5, 1.5, 0.1, -3]",
		  "5 is 5, 1.5 is 1.5, 0.1 is 0.1, -3 is -3");
	CHECK_STR(dumps("[1e100,123456789012,2.5e-7,-2.75,1e-300]"),
		  "[1e+100, 123456789012, 2.5e-07, -2.75, 1e-300]",
		  "exponents and long integers are written as Python does");
	CHECK_STR(dumps("0.3333333333333333"), "0.3333333333333333",
		  "a float keeps the shortest digits that round-trip");
	CHECK_STR(dumps("0"), "0", "zero is 0");
	CHECK(strcmp(dumps("-0"), "0") == 0,
		   "negative zero parsed from -0 is written as 0");
	CHECK(strcmp(dumps("10000000000000000"), "10000000000000000") == 0,
		   "the integer 10**16 is written in digits");
}

static void test_raw(void)
{
	cJSON *raw = cJSON_CreateRaw("{\"pre\": \"rendered\"}");
	struct buf b = {0};
	json_py_write(&b, raw);
	CHECK_STR(buf_cstr(&b), "{\"pre\": \"rendered\"}",
		  "a raw node is copied verbatim");
	buf_free(&b);
	cJSON_Delete(raw);
}

static void test_repr(void)
{
	CHECK_STR(repr("abc"), "'abc'", "repr uses single quotes");
	CHECK_STR(repr("it's"), "\"it's\"",
		  "repr uses double quotes for text with ' and no \"");
	CHECK_STR(repr("both ' and \""), "'both \\' and \"'",
		  "repr keeps single quotes and escapes ' when both occur");
	CHECK_STR(repr("say \"x\""), "'say \"x\"'",
		  "a double quote inside single quotes is not escaped");
	CHECK_STR(repr("a\\b\n\r\t\x01\x7f"), "'a\\\\b\\n\\r\\t\\x01\\x7f'",
		  "repr escapes backslash, \\n \\r \\t and other controls as \\xNN");
	CHECK_STR(repr("caf\xc3\xa9"), "'caf\xc3\xa9'",
		  "repr keeps printable non-ASCII as is");
	CHECK_STR(repr(""), "''", "repr of the empty string is ''");
	CHECK(strcmp(repr("\xc2\x85"), "'\\x85'") == 0,
		   "repr escapes the C1 control U+0085 as \\x85");
	CHECK(strcmp(repr("a\xc2\xa0" "b"), "'a\\xa0b'") == 0,
		   "repr escapes the no-break space U+00A0 as \\xa0");
}

static void test_utf8_valid(void)
{
	CHECK(utf8_valid("", 0), "the empty text is valid UTF-8");
	CHECK(utf8_valid("a\0b", 3), "ASCII with a NUL byte is valid");
	CHECK(utf8_valid("\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80", 9),
	      "two-, three- and four-byte characters are valid");
	CHECK(utf8_valid("\xf4\x8f\xbf\xbf", 4), "U+10FFFF is valid");
	CHECK(utf8_valid("\xef\xbf\xbf", 3), "U+FFFF is valid");
	CHECK(!utf8_valid("\xc0\xaf", 2), "an overlong two-byte '/' is invalid");
	CHECK(!utf8_valid("\xc1\xbf", 2), "lead byte 0xc1 (overlong) is invalid");
	CHECK(!utf8_valid("\xe0\x80\xaf", 3), "an overlong three-byte form is invalid");
	CHECK(!utf8_valid("\xf0\x82\x82\xac", 4), "an overlong four-byte form is invalid");
	CHECK(!utf8_valid("\xed\xa0\x80", 3), "a high surrogate is invalid");
	CHECK(!utf8_valid("\xed\xbf\xbf", 3), "a low surrogate is invalid");
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4), "a code point above U+10FFFF is invalid");
	CHECK(!utf8_valid("\xe2\x82", 2), "a truncated sequence is invalid");
	CHECK(!utf8_valid("ab\xf0\x9f\x98", 5), "a truncated sequence at the end is invalid");
	CHECK(!utf8_valid("\xe2\x82\xac", 2),
	      "the length limits the check (a sequence cut by len is invalid)");
	CHECK(!utf8_valid("\xff", 1), "the byte 0xff is invalid");
	CHECK(!utf8_valid("\xf8\x88\x80\x80\x80", 5), "a five-byte form is invalid");
	CHECK(!utf8_valid("\x80", 1), "a lone continuation byte is invalid");
	CHECK(!utf8_valid("\xc3(", 2), "a bad continuation byte is invalid");
}

int main(void)
{
	test_separators_and_order();
	test_strings();
	test_numbers();
	test_raw();
	test_repr();
	test_utf8_valid();
	return tap_done();
}
