/*
 * json_depth.h - how deep a JSON text nests, told before anything parses
 * it.
 *
 * cJSON parses, prints and frees recursively, and so do the validator
 * and the writers here.  civetweb's worker threads have 100 KiB stacks in
 * Debian's build: a body of 1,000 nested arrays (570 under ASan) would
 * overflow one and take the whole server down.  Request bodies are
 * therefore refused past JSON_MAX_DEPTH levels, far beyond anything the
 * Sessions API carries and far within the stack.
 */
#ifndef JSON_DEPTH_H
#define JSON_DEPTH_H

#include <stddef.h>

#define JSON_MAX_DEPTH 100
#define JSON_DEPTH_TEXT_(x) #x
#define JSON_DEPTH_TEXT(x) JSON_DEPTH_TEXT_(x)
/* The 400's message, in the real server's words for a body it cannot
 * read, and why. */
#define JSON_TOO_DEEP_MESSAGE "Invalid JSON in body of request: nested " \
	"deeper than " JSON_DEPTH_TEXT(JSON_MAX_DEPTH) " levels"

/* 1 when the text opens more than max arrays and objects inside one
 * another (brackets within strings do not count), else 0.  Any text is
 * accepted: this only counts, the parser judges the rest. */
int json_nests_deeper(const char *text, size_t len, int max);

#endif
