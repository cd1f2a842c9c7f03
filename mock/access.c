/* access.c - Jupyter's Host and Origin checks. */
#include "access.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

int access_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return 0;
}

int access_allow_host(struct access_options *o, const char *name)
{
	if (o->nhosts == ACCESS_MAX_HOSTS)
		return -1;
	o->hosts[o->nhosts++] = name;
	return 0;
}

/* Jupyter's check_host: the Host without its ":port" and IPv6 brackets is
 * a loopback address, or a name it knows ("localhost", --allow-host). */
static int host_allowed(const struct access_options *o, const char *host)
{
	char name[256];
	size_t len = strlen(host), colon = len;
	while (colon > 0 && isdigit((unsigned char)host[colon - 1]))
		colon--;
	if (colon > 0 && colon < len && host[colon - 1] == ':')
		len = colon - 1;
	if (len >= 2 && host[0] == '[' && host[len - 1] == ']') {
		host++;
		len -= 2;
	}
	if (len >= sizeof name)
		return 0;
	memcpy(name, host, len);
	name[len] = '\0';
	if (access_is_loopback(name) || !strcmp(name, "localhost"))
		return 1;
	for (int i = 0; i < o->nhosts; i++)
		if (!strcmp(o->hosts[i], name) || !strcmp(o->hosts[i], "*"))
			return 1;
	return 0;
}

/* Jupyter's check_origin without allow_origin: the Origin, lowercased,
 * names the host and port the request was sent to. */
static int origin_allowed(const char *origin, const char *host)
{
	const char *netloc = strstr(origin, "//");
	if (!netloc)
		return 0;
	netloc += 2;
	size_t len = strcspn(netloc, "/?#");
	if (len != strlen(host))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (tolower((unsigned char)netloc[i]) != host[i])
			return 0;
	return 1;
}

int access_check(const struct access_options *o, const struct mock_request *req,
		 struct request_refusal *r)
{
	const char *host = request_header(req, "Host");
	const char *origin = request_header(req, "Origin");
	if (o->check_origin && origin && host && !origin_allowed(origin, host)) {
		*r = (struct request_refusal){404, "Not Found", 0};
		return -1;
	}
	/* Tornado takes a request without Host as sent to 127.0.0.1. */
	if (o->check_host && host && !host_allowed(o, host)) {
		*r = (struct request_refusal){403, "Forbidden", 0};
		return -1;
	}
	return 0;
}
