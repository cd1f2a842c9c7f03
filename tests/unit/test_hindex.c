/* test_hindex.c - the intrusive hash index of string keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hindex.h"
#include "tap.h"

struct item {
	char key[24];
	int value;
	struct hindex_node node;
};

static struct item *item_of(struct hindex_node *n)
{
	return n ? HINDEX_ENTRY(n, struct item, node) : NULL;
}

static void test_basic(void)
{
	struct hindex ix;
	hindex_init(&ix);
	struct item a = {"alpha", 1, {0}}, b = {"beta", 2, {0}};
	CHECK(hindex_find(&ix, "alpha") == NULL, "an empty index finds nothing");
	hindex_insert(&ix, &a.node, a.key);
	hindex_insert(&ix, &b.node, b.key);
	CHECK(ix.count == 2, "the count follows inserts");
	CHECK(item_of(hindex_find(&ix, "alpha")) == &a, "an inserted key is found");
	CHECK(item_of(hindex_find(&ix, "beta")) == &b, "a second key is found");
	CHECK(hindex_find(&ix, "gamma") == NULL, "a missing key is not found");
	CHECK(hindex_find(&ix, "alph") == NULL, "a prefix of a key is not found");
	char copy[] = "alpha";
	CHECK(item_of(hindex_find(&ix, copy)) == &a,
	      "lookup compares contents, not pointers");
	hindex_remove(&ix, &a.node);
	CHECK(hindex_find(&ix, "alpha") == NULL, "a removed key is not found");
	CHECK(item_of(hindex_find(&ix, "beta")) == &b, "removal leaves other keys");
	CHECK(ix.count == 1, "the count follows removals");
	hindex_remove(&ix, &a.node);
	CHECK(ix.count == 1, "removing a node twice is harmless");
	struct item never = {"beta", 9, {0}};
	never.node.hash = 12345;
	hindex_remove(&ix, &never.node);
	CHECK(ix.count == 1 && item_of(hindex_find(&ix, "beta")) == &b,
	      "removing a node that was never indexed is harmless");
	hindex_insert(&ix, &a.node, a.key);
	CHECK(item_of(hindex_find(&ix, "alpha")) == &a, "a removed node can be indexed again");
	hindex_free(&ix);
	CHECK(ix.buckets == NULL && ix.count == 0, "free releases the buckets");
}

/* A bit per item of d found under key; an item found twice sets bit 8. */
static unsigned visit_mask(const struct hindex *ix, const char *key,
			   const struct item *d)
{
	unsigned mask = 0;
	for (struct hindex_node *n = hindex_find(ix, key); n;
	     n = hindex_find_next(n)) {
		unsigned bit = 1u << (item_of(n) - d);
		mask |= (mask & bit) ? 0x100 : bit;
	}
	return mask;
}

static void test_duplicates(void)
{
	struct hindex ix;
	hindex_init(&ix);
	struct item d[4] = {{"same", 0, {0}}, {"other", 1, {0}},
			    {"same", 2, {0}}, {"same", 3, {0}}};
	for (int i = 0; i < 4; i++)
		hindex_insert(&ix, &d[i].node, d[i].key);
	CHECK(visit_mask(&ix, "same", d) == 0xD,
	      "find and find_next visit each of three equal keys once");
	hindex_remove(&ix, &d[2].node);
	CHECK(visit_mask(&ix, "same", d) == 0x9,
	      "removing a middle duplicate keeps the others");
	hindex_remove(&ix, &d[0].node);
	CHECK(visit_mask(&ix, "same", d) == 0x8,
	      "removing another leaves the last one");
	CHECK(visit_mask(&ix, "other", d) == 0x2, "the other key is untouched");
	hindex_free(&ix);
}

static void test_growth(void)
{
	enum { N = 100000 };
	struct item *items = calloc(N, sizeof *items);
	CHECK(items != NULL, "the items can be allocated");
	if (!items)
		return;
	struct hindex ix;
	hindex_init(&ix);
	for (int i = 0; i < N; i++) {
		snprintf(items[i].key, sizeof items[i].key, "key-%d", i);
		items[i].value = i;
		hindex_insert(&ix, &items[i].node, items[i].key);
	}
	CHECK(ix.count == N, "100000 inserts are counted");
	CHECK(ix.mask + 1 >= N, "the bucket array grew with the entries");
	CHECK(((ix.mask + 1) & ix.mask) == 0, "the bucket count stays a power of two");
	int all = 1;
	char key[24];
	for (int i = 0; i < N; i++) {
		snprintf(key, sizeof key, "key-%d", i);
		all &= item_of(hindex_find(&ix, key)) == &items[i];
	}
	CHECK(all, "every one of 100000 keys is found after growth");
	for (int i = 0; i < N; i += 2)
		hindex_remove(&ix, &items[i].node);
	int halves = 1;
	for (int i = 0; i < N; i++) {
		snprintf(key, sizeof key, "key-%d", i);
		struct item *it = item_of(hindex_find(&ix, key));
		halves &= (i % 2) ? it == &items[i] : it == NULL;
	}
	CHECK(halves && ix.count == N / 2,
	      "after removing the even keys only the odd ones are found");
	CHECK(hindex_find(&ix, "key-100000") == NULL, "a key never inserted is not found");
	hindex_free(&ix);
	free(items);
}

int main(void)
{
	test_basic();
	test_duplicates();
	test_growth();
	return tap_done();
}
