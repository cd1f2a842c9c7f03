/* test_redirect.c - the trailing-slash redirect's Location. */
#include "redirect.h"
#include "tap.h"

static const char *location(const char *path, const char *query)
{
	static struct buf out;
	buf_reset(&out);
	redirect_location(path, query, &out);
	return buf_cstr(&out);
}

int main(void)
{
	CHECK_STR(location("/api/sessions/", NULL), "/api/sessions", "the trailing slash goes");
	CHECK_STR(location("/api/sessions/", "a=1&b=%20"), "/api/sessions?a=1&b=%20",
		  "the query is kept as sent");
	CHECK_STR(location("//evil.example/", NULL), "/evil.example",
		  "leading slashes are stripped to one, as Jupyter does: no other host");
	CHECK_STR(location("///", NULL), "/", "a path of slashes goes to /");
	CHECK_STR(location("/\\evil.example/", NULL), "/%5Cevil.example",
		  "a backslash (a slash to browsers) is encoded");
	CHECK_STR(location("/api/sessions\r\nSet-Cookie: x=1/", NULL),
		  "/api/sessions%0D%0ASet-Cookie:%20x=1",
		  "CR, LF and spaces are encoded: no header can be injected");
	CHECK_STR(location("/a%b\xc3\xa9/", "q=\r\n#"), "/a%25b%C3%A9?q=%0D%0A%23",
		  "'%', non-ASCII bytes and a query's CR LF are encoded");
	return tap_done();
}
