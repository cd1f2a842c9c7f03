/*
 * access.h - who may be served: Jupyter's Host check (against DNS
 * rebinding) and, with CORS off, its Origin check (against cross-site
 * writes from a page the user visits).
 *
 * Jupyter bound to a loopback address answers 403 to a request whose Host
 * is neither a loopback address nor "localhost" (allow_remote_access off),
 * and, unless told which Origins to allow, 404 to an API request whose
 * Origin is not its Host.  The mock does the same; --allow-host adds names
 * (or "*": any), --cors on (the default) allows every Origin.
 */
#ifndef ACCESS_H
#define ACCESS_H

#include "request.h"

#define ACCESS_MAX_HOSTS 16

struct access_options {
	int check_host;   /* refuse non-local Hosts (bound to loopback) */
	const char *hosts[ACCESS_MAX_HOSTS]; /* names also allowed (borrowed) */
	int nhosts;
	int check_origin; /* refuse Origins other than the Host */
};

/* 1 when the address is one Jupyter calls loopback: 127.0.0.0/8, ::1 or
 * "localhost" (what --host binds). */
int access_is_loopback(const char *host);

/* Adds a --allow-host name: 0, or -1 when there are too many. */
int access_allow_host(struct access_options *o, const char *name);

/* 0 when req may be served; -1 with *r filled (404 for a foreign Origin,
 * 403 for a non-local Host, in Jupyter's order and words). */
int access_check(const struct access_options *o, const struct mock_request *req,
		 struct request_refusal *r);

#endif
