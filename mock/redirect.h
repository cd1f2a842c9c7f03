/*
 * redirect.h - where the trailing-slash redirect points: always a path of
 * this server, never a request's CR or LF.
 *
 * Jupyter redirects GET /api/sessions/ to "/" + the raw path stripped of
 * its leading and trailing slashes, so //evil.example/ goes to
 * /evil.example, not to another host.  civetweb hands over the path
 * decoded, so it is encoded again: %0d%0a cannot become a line end.
 */
#ifndef REDIRECT_H
#define REDIRECT_H

#include "buf.h"

/* Appends the Location for path (decoded) and query (raw, or NULL) to out:
 * "/" + path without its leading and trailing slashes, every byte outside
 * RFC 3986's path characters as %XX, then "?" + query, encoded alike. */
void redirect_location(const char *path, const char *query, struct buf *out);

#endif
