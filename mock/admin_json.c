/* admin_json.c - strict JSON in, valid JSON out, for the admin API. */
#include "admin_json.h"

#include <string.h>

#include "json_guard.h"
#include "json_py.h"

cJSON *admin_parse_object(const char *text, size_t len, struct buf *err)
{
	/* cJSON takes any bytes in a string; an error quoting them would
	 * then write a lone surrogate escape that no JSON reader accepts */
	if (len && !utf8_valid(text, len)) { /* an empty body is NULL */
		buf_puts(err, "Request body is not valid UTF-8");
		return NULL;
	}
	const char *refusal = json_guard_refusal(text, len);
	if (refusal) {
		buf_puts(err, refusal);
		return NULL;
	}
	const char *end = NULL;
	cJSON *json = len ? cJSON_ParseWithLengthOpts(text, len, &end, 0) : NULL;
	while (json && end < text + len && strchr(" \t\r\n", *end))
		end++;
	if (!json || end != text + len) {
		buf_puts(err, "Invalid JSON in body of request");
	} else if (!cJSON_IsObject(json)) {
		buf_puts(err, "The body must be a JSON object");
	} else {
		return json;
	}
	cJSON_Delete(json);
	return NULL;
}

/* Length of the valid UTF-8 sequence starting at s, or 0. */
static size_t utf8_seq(const char *s, size_t left)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2
		 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	return n && n <= left && c != 0 && utf8_valid(s, n) ? n : 0;
}

cJSON *json_add_text(cJSON *obj, const char *key, const char *s, size_t len)
{
	if (!s)
		len = 0;
	struct buf clean = {0};
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(s + i, len - i);
		if (n)
			buf_append(&clean, s + i, n);
		else
			buf_puts(&clean, "\xEF\xBF\xBD");
		i += n ? n : 1;
	}
	cJSON *item = cJSON_AddStringToObject(obj, key, buf_cstr(&clean));
	buf_free(&clean);
	return item;
}

void admin_reply_json(struct reply *out, int status, cJSON *json)
{
	struct buf body = {0};
	json_py_write(&body, json);
	reply_json(out, status, body.data ? body.data : "", body.len);
	buf_free(&body);
	cJSON_Delete(json);
}
