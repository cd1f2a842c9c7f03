/*
 * conn_socket.h - the socket civetweb serves a connection on.
 *
 * civetweb 1.15 hands a handler no socket, so one is found by its peer's
 * address and port (a scan of the descriptors: for the rare connection
 * that must be ended under civetweb, never for every request).
 */
#ifndef CONN_SOCKET_H
#define CONN_SOCKET_H

/* The connected socket whose peer is addr (numeric, as civetweb writes
 * it) and port, or -1. */
int conn_socket(const char *addr, int port);

#endif
