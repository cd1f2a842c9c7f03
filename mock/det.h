/*
 * det.h - the deterministic sources: seeded ids and a virtual clock.
 *
 * Nothing the mock answers comes from the wall clock or the OS's
 * randomness, so the same seed and requests give the same bytes.
 */
#ifndef DET_H
#define DET_H

#include <stdint.h>

/* xoshiro256** seeded through splitmix64: fast, and the same on every
 * machine for the same seed. */
struct det_rng {
	uint64_t s[4];
};

void det_rng_seed(struct det_rng *rng, uint64_t seed);
uint64_t det_rng_next(struct det_rng *rng);
/* Writes a lowercase UUID4 ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx") and a NUL. */
void det_uuid4(struct det_rng *rng, char out[37]);

/* Virtual time in microseconds since the Unix epoch. */
struct det_clock {
	int64_t now_us;
	int64_t step_us; /* added by det_clock_tick */
};

/* The instant, then advances the clock by its step. */
int64_t det_clock_tick(struct det_clock *clock);

/* "2026-01-01T00:00:00.001000Z"; the fraction is left out when it is
 * zero, as Python's isoformat does.  out holds 32 bytes. */
void det_format_iso(int64_t us, char out[32]);
/* "Thu, 01 Jan 2026 00:00:00 GMT" for the Date header; 32 bytes. */
void det_format_http_date(int64_t us, char out[32]);
/* Parses "YYYY-MM-DDTHH:MM:SS[.ffffff]Z"; returns 0, or -1 if malformed. */
int det_parse_iso(const char *text, int64_t *us);
/* Parses "250us", "5ms", "2s" (a unit is required; a bare 0 is 0) into
 * microseconds; 0, or -1 when malformed. */
int det_parse_duration(const char *text, int64_t *us);
/* How messages about a malformed duration describe the syntax. */
#define DET_DURATION_HINT "a duration such as 250us, 5ms or 2s"

#endif
