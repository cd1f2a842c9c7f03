/*
 * fault.h - a network fault the HTTP glue plays instead of (or while)
 * sending a reply: what a flaky network or a slow server looks like.
 * This module owns the kinds, their names and how a scenario file writes
 * one; fault_play.c plays them on a connection.
 */
#ifndef FAULT_H
#define FAULT_H

#include <stdint.h>

enum fault_kind {
	FAULT_NONE,
	FAULT_DELAY,    /* wait delay_us, then answer normally */
	FAULT_RESET,    /* drop the connection with a TCP reset, no bytes */
	FAULT_EMPTY,    /* close the connection without a byte */
	FAULT_TRUNCATE, /* send the first `bytes` bytes, then close */
	FAULT_GARBAGE,  /* send `bytes` seeded random bytes, then close */
	FAULT_DRIP,     /* send the reply at `bytes` bytes per second */
	FAULT_KIND_COUNT
};

/* The largest byte count a fault takes: garbage of 2^63 bytes would keep
 * a worker writing forever. */
#define FAULT_MAX_BYTES 67108864L

struct fault {
	enum fault_kind kind;
	int64_t delay_us;
	long bytes;
	uint64_t seed; /* garbage: which bytes */
};

/* The fault's name as scenario files spell it ("reset"); "none" for
 * FAULT_NONE and for a value that is no kind. */
const char *fault_name(enum fault_kind kind);
/* The kind a name spells, or FAULT_NONE ("none" included). */
enum fault_kind fault_kind_of(const char *name);

struct diag;
struct ynode;

/* Reads a scenario's fault: reset | empty | garbage, or one of
 * {delay: D} {truncate: N} {garbage: N} {drip: bytes-per-second}.
 * Returns 0 with *f filled, or -1 (f->kind FAULT_NONE) after reporting
 * each error to d at its place. */
int fault_read(struct diag *d, const struct ynode *n, struct fault *f);

#endif
