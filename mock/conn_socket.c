/* conn_socket.c - the socket civetweb serves a connection on. */
#include "conn_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int conn_socket(const char *addr, int port)
{
	long max = sysconf(_SC_OPEN_MAX);
	for (int fd = 3; fd < max && fd < 65536; fd++) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof peer;
		char text[INET6_ADDRSTRLEN] = "";
		if (getpeername(fd, (struct sockaddr *)&peer, &len) != 0)
			continue;
		int peer_port = 0;
		if (peer.ss_family == AF_INET) {
			struct sockaddr_in *in = (struct sockaddr_in *)&peer;
			peer_port = ntohs(in->sin_port);
			inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
		} else if (peer.ss_family == AF_INET6) {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&peer;
			peer_port = ntohs(in6->sin6_port);
			inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
		}
		if (peer_port == port && !strcmp(text, addr))
			return fd;
	}
	return -1;
}
