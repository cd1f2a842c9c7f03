/* det.c - seeded ids and a virtual clock. */
#include "det.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void det_rng_seed(struct det_rng *rng, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t det_rng_next(struct det_rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

void det_uuid4(struct det_rng *rng, char out[37])
{
	unsigned char b[16];
	uint64_t hi = det_rng_next(rng), lo = det_rng_next(rng);
	for (int i = 0; i < 8; i++) {
		b[i] = (unsigned char)(hi >> (56 - 8 * i));
		b[8 + i] = (unsigned char)(lo >> (56 - 8 * i));
	}
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
	static const char hex[] = "0123456789abcdef";
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 15];
	}
	*p = '\0';
}

int64_t det_clock_tick(struct det_clock *clock)
{
	int64_t now = clock->now_us;
	clock->now_us += clock->step_us;
	return now;
}

/* Broken-down UTC time of a clock reading.  Done by hand, not with
 * gmtime_r, because glibc's takes a process-wide lock on every call and
 * each response formats one or two dates. */
struct civil {
	int64_t year;
	unsigned month, day, hour, minute, second, weekday; /* 0 = Sunday */
	long frac_us;
};

static struct civil civil_of(int64_t us)
{
	struct civil c;
	int64_t secs = us / 1000000;
	c.frac_us = (long)(us % 1000000);
	if (c.frac_us < 0) {
		c.frac_us += 1000000;
		secs--;
	}
	int64_t days = secs / 86400, rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	c.hour = (unsigned)(rem / 3600);
	c.minute = (unsigned)(rem / 60 % 60);
	c.second = (unsigned)(rem % 60);
	c.weekday = (unsigned)((days % 7 + 11) % 7); /* 1970-01-01: Thursday */
	/* Howard Hinnant's civil_from_days. */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	c.day = doy - (153 * mp + 2) / 5 + 1;
	c.month = mp < 10 ? mp + 3 : mp - 9;
	c.year = (int64_t)yoe + era * 400 + (c.month <= 2);
	return c;
}

/* Writes v as exactly width digits, zero-padded; returns the end. */
static char *put_digits(char *p, uint64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + width;
}

/* The year as %Y writes it: four digits for 0-9999, else as many as it
 * takes (the clock can be stepped far ahead). */
static char *put_year(char *p, int64_t year)
{
	if (year >= 0 && year <= 9999)
		return put_digits(p, (uint64_t)year, 4);
	return p + sprintf(p, "%lld", (long long)year);
}

void det_format_iso(int64_t us, char out[32])
{
	struct civil c = civil_of(us);
	char *p = put_year(out, c.year);
	*p++ = '-';
	p = put_digits(p, c.month, 2);
	*p++ = '-';
	p = put_digits(p, c.day, 2);
	*p++ = 'T';
	p = put_digits(p, c.hour, 2);
	*p++ = ':';
	p = put_digits(p, c.minute, 2);
	*p++ = ':';
	p = put_digits(p, c.second, 2);
	if (c.frac_us) {
		*p++ = '.';
		p = put_digits(p, (uint64_t)c.frac_us, 6);
	}
	memcpy(p, "Z", 2);
}

void det_format_http_date(int64_t us, char out[32])
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct civil c = civil_of(us);
	char *p = out;
	memcpy(p, days + 3 * c.weekday, 3);
	p += 3;
	memcpy(p, ", ", 2);
	p = put_digits(p + 2, c.day, 2);
	*p++ = ' ';
	memcpy(p, months + 3 * (c.month - 1), 3);
	p += 3;
	*p++ = ' ';
	p = put_year(p, c.year);
	*p++ = ' ';
	p = put_digits(p, c.hour, 2);
	*p++ = ':';
	p = put_digits(p, c.minute, 2);
	*p++ = ':';
	p = put_digits(p, c.second, 2);
	memcpy(p, " GMT", 5);
}

/* Days from 1970-01-01 to the given civil date (Howard Hinnant's rule). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* "YYYY-MM-DDTHH:MM:SS" exactly: digits where digits go (sscanf's %d
 * alone would also take a sign or a space). */
static int iso_shape(const char *text)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	for (int i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? text[i] < '0' || text[i] > '9'
				    : text[i] != shape[i])
			return 0;
	return 1;
}

int det_parse_iso(const char *text, int64_t *us)
{
	int y, mo, d, h, mi, s, n = 0;
	if (!iso_shape(text))
		return -1;
	if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi,
		   &s, &n) != 6 || n != 19)
		return -1;
	static const int month_days[12] = {31, 29, 31, 30, 31, 30,
					   31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo < 1 || mo > 12 || d < 1 || d > month_days[mo - 1] ||
	    (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 || s > 60 ||
	    h < 0 || mi < 0 || s < 0)
		return -1;
	const char *p = text + n;
	long frac = 0;
	if (*p == '.') {
		int digits = 0;
		for (p++; *p >= '0' && *p <= '9'; p++, digits++)
			if (digits < 6)
				frac = frac * 10 + (*p - '0');
		if (digits == 0)
			return -1;
		for (; digits < 6; digits++)
			frac *= 10;
	}
	if (strcmp(p, "Z") != 0)
		return -1;
	int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
	*us = ((days * 24 + h) * 60 + mi) * 60 * 1000000ll +
	      (int64_t)s * 1000000 + frac;
	return 0;
}

int det_parse_duration(const char *text, int64_t *us)
{
	char *end;
	/* Digits and a point only: strtod alone would also take a sign,
	 * spaces, hex, inf, nan and exponents. */
	size_t digits = strspn(text, "0123456789.");
	double v = strtod(text, &end);
	if (digits == 0 || end != text + digits || !(v >= 0))
		return -1;
	/* A unit is required: a bare 2 read as milliseconds surprised
	 * whoever meant seconds.  0 is 0 in any unit. */
	double scale = !strcmp(end, "us") ? 1
		       : !strcmp(end, "ms") || (!*end && v == 0) ? 1e3
		       : !strcmp(end, "s") ? 1e6 : -1;
	if (scale < 0 || v * scale > 9e15)
		return -1;
	*us = (int64_t)(v * scale);
	return 0;
}
