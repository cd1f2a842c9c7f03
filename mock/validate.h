/*
 * validate.h - checks a JSON value against a compiled schema row.
 *
 * The schema rows come from the generated tables; the result is the
 * first rule broken, worded for a person: "kernel: expected object, got
 * null".  Patterns are POSIX extended regular expressions, compiled once.
 */
#ifndef VALIDATE_H
#define VALIDATE_H

#include <cjson/cJSON.h>

#include "buf.h"

enum validate_mode { VALIDATE_STRICT, VALIDATE_WARN, VALIDATE_OFF };

/* 0 when value satisfies schema row (-1 means any schema); otherwise -1
 * and the broken rule appended to err.  where names the value ("kernel",
 * "items[2]"; "" for the whole body, which reads as "body"). */
int validate_value(int schema, const cJSON *value, const char *where,
		   struct buf *err);
/* validate_value for a scenario's scripted body: a string that is one
 * whole "{{template}}" stands for a value not known yet and passes any
 * schema. */
int validate_scripted(int schema, const cJSON *value, const char *where,
		      struct buf *err);
/* Checks a parameter's raw text (path, query, header) against its schema:
 * numbers, integers and booleans are parsed first. */
int validate_text(int schema, const char *text, const char *where,
		  struct buf *err);
/* Frees the compiled patterns; call once at exit. */
void validate_cleanup(void);

#endif
