/* test_det.c - seeded ids, the virtual clock and its text forms. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "det.h"
#include "tap.h"


#define JAN_1_2026_US (1767225600LL * 1000000)

static void test_rng(void)
{
	struct det_rng a, b, c;
	det_rng_seed(&a, 42);
	det_rng_seed(&b, 42);
	det_rng_seed(&c, 43);
	int same = 1, differ = 0;
	for (int i = 0; i < 100; i++) {
		uint64_t x = det_rng_next(&a), y = det_rng_next(&b);
		same &= x == y;
		differ |= x != det_rng_next(&c);
	}
	CHECK(same, "the same seed gives the same sequence");
	CHECK(differ, "different seeds give different sequences");
	det_rng_seed(&a, 0);
	uint64_t first = det_rng_next(&a);
	CHECK(first != 0 || det_rng_next(&a) != 0, "seed 0 does not give a stuck zero state");
}

static int is_lower_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

static void test_uuid(void)
{
	struct det_rng a, b;
	det_rng_seed(&a, 1);
	det_rng_seed(&b, 1);
	char u1[37], u2[37], v1[37], v2[37];
	det_uuid4(&a, u1);
	det_uuid4(&a, u2);
	det_uuid4(&b, v1);
	det_uuid4(&b, v2);
	CHECK(strcmp(u1, v1) == 0 && strcmp(u2, v2) == 0,
	      "the same seed gives the same uuid sequence");
	CHECK(strcmp(u1, u2) != 0, "successive uuids differ");
	struct det_rng c;
	det_rng_seed(&c, 2);
	char w[37];
	det_uuid4(&c, w);
	CHECK(strcmp(u1, w) != 0, "a different seed gives a different uuid");

	int shape = 1, version = 1, variant = 1;
	for (int n = 0; n < 200; n++) {
		char u[37];
		det_uuid4(&a, u);
		shape &= strlen(u) == 36;
		for (int i = 0; i < 36; i++) {
			int dash = i == 8 || i == 13 || i == 18 || i == 23;
			shape &= dash ? u[i] == '-' : is_lower_hex(u[i]);
		}
		version &= u[14] == '4';
		variant &= strchr("89ab", u[19]) != NULL;
	}
	CHECK(shape, "uuids are 36 lowercase hex characters with four hyphens");
	CHECK(version, "the version nibble is 4");
	CHECK(variant, "the variant nibble is 8, 9, a or b");
}

static void test_clock(void)
{
	struct det_clock clock = {.now_us = 1000, .step_us = 250};
	CHECK(det_clock_tick(&clock) == 1000, "a tick gives the current instant");
	CHECK(clock.now_us == 1250, "a tick advances the clock by its step");
	CHECK(det_clock_tick(&clock) == 1250, "the next tick gives the advanced instant");
	struct det_clock still = {.now_us = 7, .step_us = 0};
	det_clock_tick(&still);
	CHECK(det_clock_tick(&still) == 7, "a zero step keeps the clock still");
}

static const char *iso(int64_t us)
{
	static char out[32];
	det_format_iso(us, out);
	return out;
}

static void test_format_iso(void)
{
	CHECK_STR(iso(JAN_1_2026_US), "2026-01-01T00:00:00Z",
		  "a whole second has no fraction (Python isoformat)");
	CHECK_STR(iso(JAN_1_2026_US + 1000), "2026-01-01T00:00:00.001000Z",
		  "a millisecond keeps six fraction digits");
	CHECK_STR(iso(JAN_1_2026_US + 1), "2026-01-01T00:00:00.000001Z",
		  "a microsecond is .000001");
	CHECK_STR(iso(1709251199123456LL), "2024-02-29T23:59:59.123456Z",
		  "a leap day with microseconds is formatted");
	CHECK_STR(iso(0), "1970-01-01T00:00:00Z", "the epoch is formatted");
	CHECK_STR(iso(-500000), "1969-12-31T23:59:59.500000Z",
		  "an instant before the epoch borrows a second");
}

static void test_parse_iso(void)
{
	int64_t us = -1;
	CHECK(det_parse_iso("2026-01-01T00:00:00Z", &us) == 0 &&
		      us == JAN_1_2026_US,
	      "a whole-second time parses");
	CHECK(det_parse_iso("2024-02-29T23:59:59.123456Z", &us) == 0 &&
		      us == 1709251199123456LL,
	      "a time with six fraction digits parses");
	CHECK(det_parse_iso("2026-01-01T00:00:00.5Z", &us) == 0 &&
		      us == JAN_1_2026_US + 500000,
	      "a short fraction is scaled to microseconds");
	CHECK(det_parse_iso("2026-01-01T00:00:00.1234567Z", &us) == 0 &&
		      us == JAN_1_2026_US + 123456,
	      "digits past the sixth are dropped");
	int round = 1;
	for (int64_t t = JAN_1_2026_US - 5000000000LL; t < JAN_1_2026_US + 5000000000LL;
	     t += 987654321) {
		int64_t back = 0;
		round &= det_parse_iso(iso(t), &back) == 0 && back == t;
	}
	CHECK(round, "det_format_iso and det_parse_iso round-trip");

	const char *bad[] = {
		"2026-13-01T00:00:00Z", /* bad month */
		"2026-00-01T00:00:00Z",
		"2026-01-32T00:00:00Z",
		"2026-01-01T24:00:00Z",
		"2026-01-01T00:60:00Z",
		"2026-01-01T00:00:00",     /* missing Z */
		"2026-01-01T00:00:00+00:00",
		"2026-01-01T00:00:00Zjunk", /* trailing junk */
		"2026-01-01T00:00:00.Z",   /* empty fraction */
		"2026-01-01 00:00:00Z",
		"2026-1-01T00:00:00Z",
		"",
		"not a date",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[96];
		snprintf(name, sizeof name, "'%s' is rejected as malformed", bad[i]);
		us = 12345;
		CHECK(det_parse_iso(bad[i], &us) == -1 && us == 12345, name);
	}
	CHECK(det_parse_iso("-001-01-01T00:00:00Z", &us) == -1 &&
	      det_parse_iso("+026-01-01T00:00:00Z", &us) == -1 &&
	      det_parse_iso(" 2026-01-01T00:00:00Z", &us) == -1 &&
	      det_parse_iso("2026-01-01T 0:00:00Z", &us) == -1,
	      "a sign or a space where a digit goes is refused");
	CHECK(det_parse_iso("2026-02-30T00:00:00Z", &us) == -1,
		   "'2026-02-30T00:00:00Z' (no such day) is rejected");
}

static void test_http_date(void)
{
	char out[32];
	det_format_http_date(JAN_1_2026_US, out);
	CHECK_STR(out, "Thu, 01 Jan 2026 00:00:00 GMT",
		  "the Date header form is RFC 7231's");
	det_format_http_date(1709251199123456LL, out);
	CHECK_STR(out, "Thu, 29 Feb 2024 23:59:59 GMT",
		  "the Date header drops the fraction");
}

/* The hand-written calendar agrees with the C library's gmtime_r and
 * strftime, second by second across a leap day and over a spread of
 * instants from 1901 to 9999, before and after the epoch. */
static void test_dates_match_libc(void)
{
	struct det_rng rng;
	det_rng_seed(&rng, 7);
	int iso_same = 1, http_same = 1;
	char mine[32], libc[32], first_bad[80] = "";
	for (int i = 0; i < 200000; i++) {
		int64_t secs = i < 100000
			? 1709164800LL - 50000 + i /* around 2024-02-29 */
			: (int64_t)(det_rng_next(&rng) % 255485000000ULL) - 2177452800LL;
		time_t t = (time_t)secs;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(libc, sizeof libc, "%Y-%m-%dT%H:%M:%SZ", &tm);
		det_format_iso(secs * 1000000, mine);
		if (strcmp(mine, libc) && iso_same) {
			iso_same = 0;
			snprintf(first_bad, sizeof first_bad, "%s vs %s", mine, libc);
		}
		strftime(libc, sizeof libc, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		det_format_http_date(secs * 1000000 + 999999, mine);
		if (strcmp(mine, libc) && http_same) {
			http_same = 0;
			snprintf(first_bad, sizeof first_bad, "%s vs %s", mine, libc);
		}
	}
	if (first_bad[0])
		printf("# first difference: %s\n", first_bad);
	CHECK(iso_same, "det_format_iso equals strftime of gmtime_r on 200,000 instants");
	CHECK(http_same, "det_format_http_date equals strftime of gmtime_r on 200,000 instants");
	det_format_iso(-1, mine);
	CHECK_STR(mine, "1969-12-31T23:59:59.999999Z",
		  "one microsecond before the epoch");
}

static void test_duration(void)
{
	int64_t us = -7;
	CHECK(det_parse_duration("250us", &us) == 0 && us == 250, "250us is 250 microseconds");
	CHECK(det_parse_duration("5ms", &us) == 0 && us == 5000, "5ms is 5000 microseconds");
	CHECK(det_parse_duration("2s", &us) == 0 && us == 2000000, "2s is 2000000 microseconds");
	CHECK(det_parse_duration("7", &us) == -1, "a bare number has no unit and is malformed");
	CHECK(det_parse_duration("0.0", &us) == 0 && us == 0, "a bare 0.0 is allowed");
	CHECK(det_parse_duration("1.5ms", &us) == 0 && us == 1500, "a fraction is allowed");
	CHECK(det_parse_duration("0", &us) == 0 && us == 0, "0 is allowed");
	us = -7;
	CHECK(det_parse_duration("5h", &us) == -1 && us == -7, "5h is malformed and leaves the value");
	CHECK(det_parse_duration("", &us) == -1, "an empty duration is malformed");
	CHECK(det_parse_duration("ms", &us) == -1, "a unit alone is malformed");
	CHECK(det_parse_duration("-1ms", &us) == -1, "a negative duration is malformed");
	CHECK(det_parse_duration("5 ms", &us) == -1, "a space before the unit is malformed");
	CHECK(det_parse_duration("5msx", &us) == -1, "trailing text after the unit is malformed");
	CHECK(det_parse_duration("1e300s", &us) == -1, "a duration too large is refused");
	CHECK(det_parse_duration("inf", &us) == -1, "inf is refused");
	CHECK(det_parse_duration("0x10p2s", &us) == -1, "a hex float is refused");
	CHECK(det_parse_duration("1e3ms", &us) == -1, "an exponent is refused");
	CHECK(det_parse_duration("+5ms", &us) == -1 && det_parse_duration(" 5ms", &us) == -1,
	      "a sign or a leading space is refused");
	CHECK(det_parse_duration("1.2.3ms", &us) == -1, "two points are refused");
	us = -7;
	CHECK(det_parse_duration("nan", &us) == -1,
		   "nan is refused as a duration");
}

int main(void)
{
	test_rng();
	test_uuid();
	test_clock();
	test_format_iso();
	test_parse_iso();
	test_http_date();
	test_dates_match_libc();
	test_duration();
	return tap_done();
}
