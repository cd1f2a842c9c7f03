/* test_read_watch.c - body reads ended at their deadline, and the socket
 * of a connection found by its peer. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "conn_socket.h"
#include "read_watch.h"
#include "tap.h"

/* A TCP connection on 127.0.0.1: *served is the accepted end (as civetweb
 * holds it), *client the other; peer_port is the client's port. */
static void connect_pair(int *served, int *client, int *peer_port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int listener = socket(AF_INET, SOCK_STREAM, 0);
	bind(listener, (struct sockaddr *)&a, sizeof a);
	listen(listener, 1);
	getsockname(listener, (struct sockaddr *)&a, &len);
	*client = socket(AF_INET, SOCK_STREAM, 0);
	connect(*client, (struct sockaddr *)&a, sizeof a);
	*served = accept(listener, NULL, NULL);
	len = sizeof a;
	getsockname(*client, (struct sockaddr *)&a, &len);
	*peer_port = ntohs(a.sin_port);
	close(listener);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void)
{
	int served, client, port;
	connect_pair(&served, &client, &port);
	CHECK(conn_socket("127.0.0.1", port) == served,
	      "conn_socket finds the accepted socket by its peer's address and port");
	CHECK(conn_socket("127.0.0.1", 1) == -1 && conn_socket("10.9.9.9", port) == -1,
	      "another peer has no socket (-1)");

	struct read_watch *w = read_watch_start(100);
	CHECK(w != NULL, "a watch starts");
	struct watched_read r;
	read_watch_begin(w, &r, "127.0.0.1", port);
	CHECK(read_watch_end(w, &r) == 0, "a read that ends before its deadline is left alone");

	read_watch_begin(w, &r, "127.0.0.1", port);
	double start = now();
	char byte;
	ssize_t n = recv(served, &byte, 1, 0); /* nothing is ever sent */
	double took = now() - start;
	CHECK(n == 0 && took < 5.0, "a read still going at its deadline sees EOF");
	CHECK(read_watch_end(w, &r) == 1, "and read_watch_end says the watch ended it");
	CHECK(send(served, "x", 1, MSG_NOSIGNAL) == 1 && recv(client, &byte, 1, 0) == 1,
	      "only the reading side is shut: an answer still goes out");
	read_watch_stop(w);

	struct watched_read none;
	read_watch_begin(NULL, &none, "127.0.0.1", port);
	CHECK(read_watch_end(NULL, &none) == 0, "without a watch nothing is watched");
	close(served);
	close(client);
	return tap_done();
}
