/*
 * request_head.h - refuses request heads that civetweb 1.15 would read one
 * way and Jupyter, a proxy or the client another: the bytes of a body
 * read as a second request (request smuggling), headers silently dropped.
 *
 * civetweb parses the head before the mock sees it, in place, in its
 * connection buffer: it turns the colons, the spaces before them and the
 * line ends into NUL bytes, and stops reading headers at the 64th or at a
 * line it cannot read, silently.  What it dropped is still there, just
 * after the last header it kept, so these checks read the buffer around
 * the pointers mg_request_info gives (layout only civetweb 1.15's
 * parse_http_request and parse_http_headers make; the e2e attack tests
 * hold it to the real library).  One case stays out of reach: in a head
 * whose lines end in bare LF, a last kept line that ends in CRLF looks
 * like the head's end, so lines civetweb dropped after it pass unseen.
 */
#ifndef REQUEST_HEAD_H
#define REQUEST_HEAD_H

#include "request.h"

struct mg_request_info;

/* Checks the head civetweb parsed into ri: every line ends alike (all
 * CRLF or all LF), no bare CR, no folded line, no space before a colon,
 * at most 64 headers; then the framing: a Transfer-Encoding only alone,
 * only "chunked" and only once; Content-Lengths only digits, and equal
 * when repeated.  Returns 0, or -1 with *r filled: the connection must
 * then close, as its next bytes could be anything. */
int request_head_check(const struct mg_request_info *ri, struct request_refusal *r);

#endif
