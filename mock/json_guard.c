/* json_guard.c - what the mock refuses in a JSON body before parsing. */
#include "json_guard.h"

#include <string.h>

int json_nests_deeper(const char *text, size_t len, int max)
{
	int depth = 0, in_string = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++; /* the escaped character is never a quote */
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return 1;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return 0;
}

/* 1 when a string of the text holds the escape \u0000. */
static int has_nul_escape(const char *text, size_t len)
{
	int in_string = 0;
	for (size_t i = 0; i < len; i++) {
		if (!in_string) {
			in_string = text[i] == '"';
		} else if (text[i] == '"') {
			in_string = 0;
		} else if (text[i] == '\\') {
			if (len - i >= 6 && memcmp(text + i + 1, "u0000", 5) == 0)
				return 1;
			i++;
		}
	}
	return 0;
}

const char *json_guard_refusal(const char *text, size_t len)
{
	if (json_nests_deeper(text, len, JSON_MAX_DEPTH))
		return JSON_TOO_DEEP_MESSAGE;
	if (has_nul_escape(text, len))
		return JSON_NUL_MESSAGE;
	return NULL;
}
