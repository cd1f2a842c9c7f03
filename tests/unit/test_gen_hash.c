/* Unit tests of generator/hash.c and generator/arena.c. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "hash.h"
#include "tap.h"

int main(void)
{
	struct arena *a = arena_new();
	struct hash h;
	struct buf sb = {0};
	char *keys[1000];
	int i, created = 0, found = 0, owner;
	char *big, *kept;

	hash_init(&h, a);
	CHECK(hash_find(&h, NULL, "x", 1) == NULL, "an empty table finds nothing");
	for (i = 0; i < 1000; i++) {
		keys[i] = arena_printf(a, "key%d", i);
		hash_put(&h, NULL, keys[i], strlen(keys[i]), &created)->value =
			keys[i];
	}
	CHECK(h.count == 1000 && created, "1000 keys go in, growing the table");
	for (i = 0; i < 1000; i++) {
		struct hash_entry *e = hash_find(&h, NULL, keys[i], strlen(keys[i]));

		found += e && e->value == keys[i];
	}
	CHECK(found == 1000, "every key finds its own value");
	hash_put(&h, NULL, "key7", 4, &created);
	CHECK(!created && h.count == 1000, "putting a key again creates nothing");
	CHECK(hash_find(&h, &owner, "key7", 4) == NULL,
	      "the same text under another owner is another key");
	CHECK(hash_find(&h, NULL, "key7\0x", 6) == NULL,
	      "keys compare by length too");

	big = arena_alloc(a, 1 << 20);
	CHECK(big[0] == 0 && big[(1 << 20) - 1] == 0,
	      "a large allocation is zeroed");
	buf_append(&sb, "a\0b", 3);
	buf_append(&sb, "c\0d", 3);
	kept = arena_take_buf(a, &sb);
	CHECK(memcmp(kept, "a\0bc\0d", 7) == 0 && sb.data == NULL && sb.len == 0,
	      "arena_take_buf keeps the bytes, NULs too, and frees the buffer");
	CHECK_STR(arena_take_buf(a, &sb), "", "an empty buffer is kept as \"\"");
	CHECK_STR(arena_printf(a, "%s-%d", "a", 5), "a-5", "arena_printf");
	arena_free(a);
	return tap_done();
}
