/* test_sha1.c - SHA-1 against FIPS 180 vectors and the real server's Etag.
 * The padding-boundary digests were computed with Python's hashlib. */
#include <stdlib.h>
#include <string.h>

#include "sha1.h"
#include "tap.h"

static const char *hex_of(const void *data, size_t len)
{
	static char hex[41];
	memset(hex, 'X', sizeof hex);
	sha1_hex(data, len, hex);
	return hex;
}

static void test_fips_vectors(void)
{
	CHECK_STR(hex_of("", 0), "da39a3ee5e6b4b0d3255bfef95601890afd80709",
		  "SHA-1 of the empty string is da39a3ee...");
	CHECK_STR(hex_of("abc", 3), "a9993e364706816aba3e25717850c26c9cd0d89d",
		  "SHA-1 of abc is a9993e36...");
	const char *m448 =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	CHECK_STR(hex_of(m448, strlen(m448)),
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
		  "SHA-1 of the 448-bit message is 84983e44...");
	size_t n = 1000000;
	char *million = malloc(n);
	CHECK(million != NULL, "a million bytes can be allocated");
	if (million) {
		memset(million, 'a', n);
		CHECK_STR(hex_of(million, n),
			  "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
			  "SHA-1 of a million 'a' is 34aa973c...");
	}
	free(million);
}

static void test_padding_boundaries(void)
{
	static const struct {
		size_t len;
		const char *hex;
	} cases[] = {
		{1, "9842926af7ca0a8cca12604f945414f07b01e13d"},
		{55, "ddf57317ef34bfee3b6df83d359098930eb278bc"},
		{56, "a0d492bb0fc889d0eca3bc137066ab6f4f74f369"},
		{57, "11a02dcf95859677a62e75024067c22b165d890f"},
		{63, "c55856749bef509bdfe6bfebfc7bf4e793e82132"},
		{64, "bede92be29c3874e1b54ddc77988d606fc857a8e"},
		{65, "b05a80522b053d6dc7e0a517d0e70212c7dad11f"},
		{119, "504e27376a6e0f0dba8295b85cb25dc4dfa17d23"},
		{120, "82134b02fb3f702491be9bed581eeab59334acb2"},
		{128, "a09133e6730ffe899efb70204cb5646cd5dc24ee"},
		{1000, "4231a8a50a10fa9758db8ec71fdef855b751048a"},
	};
	unsigned char block[1000];
	for (size_t i = 0; i < sizeof block; i++)
		block[i] = (unsigned char)((i * 7 + 3) & 0xff);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char name[96];
		snprintf(name, sizeof name,
			 "SHA-1 of a %zu-byte block matches hashlib",
			 cases[i].len);
		CHECK_STR(hex_of(block, cases[i].len), cases[i].hex, name);
	}
}

static void test_etag(void)
{
	CHECK_STR(hex_of("[]", 2), "97d170e1550eee4afc0af065b78cda302a97674c",
		  "SHA-1 of [] is the real server's Etag of an empty list");
	const char *h = hex_of("abc", 3);
	CHECK(strlen(h) == 40, "the digest is 40 characters and a NUL");
	int lower = 1;
	for (const char *p = h; *p; p++)
		lower &= (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
	CHECK(lower, "the digest is lowercase hex");
}

int main(void)
{
	test_fips_vectors();
	test_padding_boundaries();
	test_etag();
	return tap_done();
}
