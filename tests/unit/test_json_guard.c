/* test_json_guard.c - what the mock refuses in a JSON body before parsing. */
#include <stdlib.h>
#include <string.h>

#include "json_guard.h"
#include "tap.h"

static int deeper(const char *text, int max)
{
	return json_nests_deeper(text, strlen(text), max);
}

/* n opening brackets then n closing ones. */
static char *nested(int n)
{
	char *s = malloc((size_t)n * 2 + 1);
	memset(s, '[', (size_t)n);
	memset(s + n, ']', (size_t)n);
	s[2 * n] = '\0';
	return s;
}

int main(void)
{
	CHECK(!deeper("", 0) && !deeper("1", 0) && !deeper("\"x\"", 0),
	      "a scalar nests 0 levels");
	CHECK(!deeper("{\"a\": [1, {\"b\": 2}]}", 3) && deeper("{\"a\": [1, {\"b\": 2}]}", 2),
	      "objects and arrays inside one another count, up to 3 here");
	CHECK(!deeper("[[]] [[]] [[]]", 2), "siblings do not add up");
	CHECK(!deeper("\"[[[[{{{{\"", 0), "brackets in a string do not count");
	CHECK(!deeper("[\"\\\"[[[\"]", 1), "an escaped quote does not end the string");
	CHECK(!deeper("[\"\\\\\", [1]]", 2) && deeper("[\"\\\\\", [[1]]]", 2),
	      "an escaped backslash does not escape the closing quote");
	CHECK(!deeper("]]]]}}}}[", 1), "stray closers never make the depth negative");
	CHECK(deeper("[[[", 2), "an unclosed text is counted as far as it goes");
	char *at = nested(JSON_MAX_DEPTH), *past = nested(JSON_MAX_DEPTH + 1);
	CHECK(!deeper(at, JSON_MAX_DEPTH) && deeper(past, JSON_MAX_DEPTH),
	      "JSON_MAX_DEPTH levels pass, one more does not");
	free(at);
	free(past);
	char *huge = nested(1000000);
	CHECK(deeper(huge, JSON_MAX_DEPTH), "a million levels are refused without recursion");
	free(huge);
	CHECK(strstr(JSON_TOO_DEEP_MESSAGE, "deeper than 100 levels") != NULL,
	      "the message names the limit");

	const char *nul = "{\"path\": \"a\\u0000b\"}";
	CHECK_STR(json_guard_refusal(nul, strlen(nul)), JSON_NUL_MESSAGE,
	      "\\u0000 in a string is refused");
	const char *escaped = "{\"path\": \"a\\\\u0000b\"}";
	CHECK(json_guard_refusal(escaped, strlen(escaped)) == NULL,
	      "an escaped backslash before u0000 is just text");
	const char *other = "{\"path\": \"a\\u0001b\\u00e9\"}";
	CHECK(json_guard_refusal(other, strlen(other)) == NULL,
	      "other \\u escapes pass");
	CHECK(json_guard_refusal("\"\\u000", 6) == NULL,
	      "a cut escape at the end is left to the parser");
	char *deep = nested(JSON_MAX_DEPTH + 1);
	CHECK_STR(json_guard_refusal(deep, strlen(deep)), JSON_TOO_DEEP_MESSAGE,
	      "too deep is refused with its own message");
	free(deep);
	CHECK(json_guard_refusal("{\"a\": [1, 2]}", 13) == NULL, "an ordinary body passes");
	return tap_done();
}
