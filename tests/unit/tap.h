/*
 * tap.h - a test program prints TAP (ok N - name) so prove can run it.
 *
 *   CHECK(cond, "what should happen");
 *   return tap_done();
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static inline void tap_check(int ok, const char *name, const char *file,
			     int line, const char *expr)
{
	tap_count++;
	printf("%sok %d - %s\n", ok ? "" : "not ", tap_count, name);
	if (!ok) {
		tap_failed++;
		printf("#   %s:%d: %s\n", file, line, expr);
	}
	fflush(stdout);
}

#define CHECK(cond, name) tap_check(!!(cond), name, __FILE__, __LINE__, #cond)
#define CHECK_STR(got, want, name)                                            \
	do {                                                                  \
		const char *g_ = (got), *w_ = (want);                         \
		int ok_ = g_ && w_ && strcmp(g_, w_) == 0;                    \
		tap_check(ok_, name, __FILE__, __LINE__, #got " == " #want);  \
		if (!ok_)                                                     \
			printf("#   got:  %s\n#   want: %s\n",                \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");       \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

#endif
