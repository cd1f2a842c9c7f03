/*
 * json_guard.h - what the mock refuses in a JSON body before cJSON reads
 * it, and why.
 *
 * Nesting: cJSON parses, prints and frees recursively, and so do the
 * validator and the writers here.  civetweb's worker threads have
 * 100 KiB stacks in Debian's build: a body of 1,000 nested arrays (570
 * under ASan) would overflow one and take the whole server down.  So a
 * body nested past JSON_MAX_DEPTH levels is refused: far beyond anything
 * the Sessions API carries, far within the stack.
 *
 * \u0000: cJSON's strings are C strings, so "a\u0000b" would silently be
 * read as "a" (two paths becoming one session).  Refused rather than
 * cut.
 */
#ifndef JSON_GUARD_H
#define JSON_GUARD_H

#include <stddef.h>

#define JSON_MAX_DEPTH 100
#define JSON_DEPTH_TEXT_(x) #x
#define JSON_DEPTH_TEXT(x) JSON_DEPTH_TEXT_(x)
#define JSON_TOO_DEEP_MESSAGE "Invalid JSON in body of request: nested " \
	"deeper than " JSON_DEPTH_TEXT(JSON_MAX_DEPTH) " levels"
#define JSON_NUL_MESSAGE "Invalid JSON in body of request: \\u0000 in a " \
	"string is not supported"

/* NULL when cJSON may read the text, else the 400's message (one of the
 * two above).  Any text is accepted: this only looks for those two
 * things, the parser judges the rest. */
const char *json_guard_refusal(const char *text, size_t len);

/* 1 when the text opens more than max arrays and objects inside one
 * another (brackets within strings do not count), else 0. */
int json_nests_deeper(const char *text, size_t len, int max);

#endif
