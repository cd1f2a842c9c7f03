/*
 * admin_json.h - JSON in and out of the admin API: request bodies read
 * strictly (one object, nothing after it), request bytes written as
 * valid JSON strings whatever they hold, replies in json.dumps style.
 */
#ifndef ADMIN_JSON_H
#define ADMIN_JSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "reply.h"

/* Parses len bytes of UTF-8 as one JSON object (whitespace around it
 * only).  The new tree (the caller owns it), or NULL with err saying why. */
cJSON *admin_parse_object(const char *text, size_t len, struct buf *err);

/* Adds len bytes of s to obj as a string: any byte that is not valid
 * UTF-8 (or is NUL) becomes U+FFFD.  The new item, or NULL. */
cJSON *json_add_text(cJSON *obj, const char *key, const char *s, size_t len);

/* Sends json (taken over and freed) as the reply, as Python's json.dumps
 * would write it. */
void admin_reply_json(struct reply *out, int status, cJSON *json);

#endif
