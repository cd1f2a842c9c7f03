/* Unit tests of generator/chars.c: hex digits and the UUID shape. */
#include <string.h>

#include "chars.h"
#include "tap.h"

int main(void)
{
	CHECK(chars_hex('0') == 0 && chars_hex('9') == 9 && chars_hex('a') == 10 &&
		      chars_hex('F') == 15,
	      "hex digits of either case have their value");
	CHECK(chars_hex('g') == -1 && chars_hex('/') == -1 && chars_hex('\0') == -1,
	      "anything else is -1");
	const char *id = "5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01";
	CHECK(chars_is_uuid(id, strlen(id)), "a lowercase UUID has the shape");
	CHECK(chars_is_uuid("5C8A2A1E-3B6F-4D0A-9F1E-2A7B9C4D6E01", 36),
	      "an uppercase one too");
	CHECK(!chars_is_uuid(id, 35) && !chars_is_uuid("5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e011", 37),
	      "a shorter or longer text is none");
	CHECK(!chars_is_uuid("5c8a2a1e03b6f-4d0a-9f1e-2a7b9c4d6e01", 36) &&
		      !chars_is_uuid("5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e0g", 36),
	      "a missing dash or a non-hex digit is none");
	return tap_done();
}
