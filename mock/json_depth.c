/* json_depth.c - how deep a JSON text nests, without parsing it. */
#include "json_depth.h"

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
