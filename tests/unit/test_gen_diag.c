/* Unit tests of generator/diag.c: message format, quoting, order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "tap.h"

int main(void)
{
	struct diag d;
	char *buf = NULL, long_value[300];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	diag_init(&d, "spec/x.yaml", f);
	diag_error(&d, 9, 2, "second at line %d", 9);
	diag_error(&d, 3, 7, "first");
	diag_error(&d, 9, 2, "third, same place as the second");
	diag_error(&d, 0, 0, "no position");
	CHECK(d.errors == 4, "every error is counted");
	diag_flush(&d);
	fclose(f);
	CHECK_STR(buf,
		  "spec/x.yaml:1:1: error: no position\n"
		  "spec/x.yaml:3:7: error: first\n"
		  "spec/x.yaml:9:2: error: second at line 9\n"
		  "spec/x.yaml:9:2: error: third, same place as the second\n",
		  "errors print in file order, ties in the order found");
	free(buf);

	CHECK_STR(diag_q(&d, "plain"), "plain", "plain text is kept");
	CHECK_STR(diag_q(&d, "a\nb\tc\x01'\\"), "a\\nb\\tc\\x01\\'\\\\",
		  "controls, quotes and backslashes are escaped");
	CHECK_STR(diag_q(&d, "x\xc2\x85y\xc3\xa9"), "x\\u0085y\xc3\xa9",
		  "C1 controls are escaped, other UTF-8 is kept");
	CHECK_STR(diag_qn(&d, "a\0b", 3), "a\\x00b", "a NUL is shown escaped");
	memset(long_value, 'v', sizeof(long_value) - 1);
	long_value[sizeof(long_value) - 1] = '\0';
	CHECK(strlen(diag_q(&d, long_value)) == DIAG_QUOTE_MAX + 3 &&
		      strcmp(diag_q(&d, long_value) + DIAG_QUOTE_MAX, "...") == 0,
	      "a long value is cut and marked with ...");
	memset(long_value, 0, sizeof(long_value));
	for (len = 0; len + 2 < sizeof(long_value); len += 2)
		memcpy(long_value + len, "\xc3\xa9", 2);
	buf = (char *)diag_q(&d, long_value + 1); /* starts mid-character */
	CHECK(strlen(buf) <= DIAG_QUOTE_MAX + 3 &&
		      (unsigned char)buf[strlen(buf) - 4] == 0xa9,
	      "a cut never splits a UTF-8 sequence");
	return tap_done();
}
