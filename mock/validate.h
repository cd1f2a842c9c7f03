/*
 * validate.h - checks a JSON value against a compiled schema row.
 *
 * The schema rows come from the generated tables; the result is the
 * first rule broken, worded for a person: "kernel: expected object, got
 * null".  Patterns are POSIX extended regular expressions, compiled once
 * per struct validator, which its owner (an engine, a scenario load)
 * makes and frees: no state outside it.
 */
#ifndef VALIDATE_H
#define VALIDATE_H

#include <cjson/cJSON.h>

#include "buf.h"

enum validate_mode { VALIDATE_STRICT, VALIDATE_WARN, VALIDATE_OFF };

struct validator;

/* The spec's schemas ready to check against: every pattern compiled.
 * Never changed after: threads may share one.  NULL on out-of-memory. */
struct validator *validator_new(void);
void validator_free(struct validator *val);

/* 0 when value satisfies schema row (-1 means any schema); otherwise -1
 * and the broken rule appended to err.  where names the value ("kernel",
 * "items[2]"; "" for the whole body, which reads as "body"). */
int validate_value(const struct validator *val, int schema,
		   const cJSON *value, const char *where, struct buf *err);
/* validate_value for a scenario's scripted body: a string that is one
 * whole "{{template}}" stands for a value not known yet and passes any
 * schema. */
int validate_scripted(const struct validator *val, int schema,
		      const cJSON *value, const char *where, struct buf *err);
/* Checks a parameter's raw text (path, query, header) against its schema:
 * numbers, integers and booleans are parsed first. */
int validate_text(const struct validator *val, int schema, const char *text,
		  const char *where, struct buf *err);

#endif
