/* civet_request.c - civetweb's request info to a struct mock_request. */
#include "civet_request.h"

void civet_request_fill(const struct mg_request_info *ri, const char *body,
			size_t body_len, struct mock_request *req)
{
	req->method = ri->request_method;
	req->path = ri->local_uri_raw ? ri->local_uri_raw : ri->local_uri;
	if (!req->path)
		req->path = "";
	req->query = ri->query_string;
	req->body = body;
	req->body_len = body_len;
	req->nheaders = 0;
	for (int i = 0; i < ri->num_headers && i < REQUEST_MAX_HEADERS; i++) {
		req->headers[i].name = ri->http_headers[i].name;
		req->headers[i].value = ri->http_headers[i].value;
		req->nheaders++;
	}
}
