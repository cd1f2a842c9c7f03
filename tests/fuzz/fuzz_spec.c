/* fuzz_spec.c - the generator's spec reader and emitter on any bytes, as
 * specgen runs them on a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit_c.h"
#include "fuzz_common.h"
#include "model.h"
#include "openapi_read.h"
#include "yaml_tree.h"

int fuzz_spec(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	/* NUL-terminated, as specgen reads a file; malloc'd, not in the arena,
	 * so ASan sees a read past its end */
	char *text = fuzz_text(data, size);
	struct diag d;
	struct spec_model m;
	diag_init(&d, "fuzz.yaml", fuzz_devnull());
	struct ynode *root = yaml_tree_load(a, &d, text, size);
	model_init(&m, a, &d, "fuzz.yaml");
	if (root && openapi_read(&m, root) == 0) {
		struct buf out = {0};
		emit_c(&out, &m);
		buf_free(&out);
		if (d.errors)
			fuzz_fail("a spec read without error left errors behind");
	} else if (!d.errors) {
		fuzz_fail("a spec was refused without an error message");
	}
	diag_flush(&d);
	arena_free(a);
	free(text);
	return 0;
}
