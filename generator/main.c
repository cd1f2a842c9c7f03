/*
 * main.c - specgen: OpenAPI/Swagger YAML in, C tables (or a list of
 * operations) out.
 *
 *   specgen [-o OUT.c] [--list] SPEC.yaml
 *
 * The output goes to a temp file next to OUT.c that is renamed over it
 * only when everything succeeded; errors are on stderr and exit 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit_c.h"
#include "model.h"
#include "openapi_read.h"
#include "yaml_tree.h"

#define MAX_SPEC_BYTES (32L << 20)

struct options {
	const char *out; /* NULL: stdout */
	const char *spec;
	int list;
};

static int usage(void)
{
	fputs("usage: specgen [-o OUT.c] [--list] SPEC.yaml\n", stderr);
	return 2;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			o->out = argv[++i];
		else if (strcmp(argv[i], "--list") == 0)
			o->list = 1;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return -1;
		else if (!o->spec)
			o->spec = argv[i];
		else
			return -1;
	}
	return o->spec ? 0 : -1;
}

/* The whole file into the arena; NULL after a message on stderr. */
static char *read_file(struct arena *a, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf sb = {0};
	char buf[65536];
	size_t n;

	if (!f) {
		fprintf(stderr, "specgen: error: cannot open '%s': %s\n", path,
			strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 &&
	       sb.len <= MAX_SPEC_BYTES)
		buf_append(&sb, buf, n);
	if (ferror(f) || sb.len > MAX_SPEC_BYTES) {
		fprintf(stderr, "specgen: error: cannot read '%s': %s\n", path,
			ferror(f) ? strerror(errno) : "larger than 32 MiB");
		fclose(f);
		buf_free(&sb);
		return NULL;
	}
	fclose(f);
	*len = sb.len;
	return arena_take_buf(a, &sb);
}

static void list_ops(struct buf *out, const struct spec_model *m)
{
	int i;

	for (i = 0; i < m->ops.n; i++) {
		const struct spec_operation *op =
			MODEL_ROW(&m->ops, struct spec_operation, i);

		buf_printf(out, "%s %s %s\n", op->method, op->path,
			  op->operation_id);
	}
}

/* Writes text to a path that is not a regular file (/dev/null, a FIFO,
 * /dev/stdout): replacing it with a rename would put a file in its place. */
static int write_in_place(const char *path, const struct buf *text)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(text->data, 1, text->len, f) == text->len;

	ok = (f ? fclose(f) == 0 : 0) && ok;
	if (!ok) {
		fprintf(stderr, "specgen: error: cannot write '%s': %s\n",
			path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Writes text to path through a temp file and a rename, so path is
 * either the old file or the complete new one. */
static int write_atomic(struct arena *a, const char *path,
			const struct buf *text)
{
	char *tmp = arena_printf(a, "%s.tmpXXXXXX", path);
	mode_t mask = umask(0);
	int fd, ok;
	FILE *f;

	umask(mask);
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "specgen: error: cannot create '%s': %s\n",
			tmp, strerror(errno));
		return -1;
	}
	f = fdopen(fd, "wb");
	ok = f && fchmod(fd, 0666 & ~mask) == 0 &&
	     fwrite(text->data, 1, text->len, f) == text->len;
	ok = (f ? fclose(f) == 0 : close(fd) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "specgen: error: cannot write '%s': %s\n",
			path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Writes text where the options say: a file (atomically unless it is not a
 * regular one) or stdout.  0 or 1, the exit status. */
static int write_out(struct arena *a, const struct options *o,
		     const struct buf *text)
{
	if (o->out) {
		struct stat st;
		if (stat(o->out, &st) == 0 && !S_ISREG(st.st_mode))
			return write_in_place(o->out, text) < 0;
		return write_atomic(a, o->out, text) < 0;
	}
	if (text->len && fwrite(text->data, 1, text->len, stdout) != text->len)
		return 1;
	return fflush(stdout) != 0;
}

static int run(struct arena *a, const struct options *o)
{
	struct spec_model m;
	struct buf out = {0};
	struct diag d;
	struct ynode *root;
	size_t len;
	char *buf = read_file(a, o->spec, &len);
	int rc;

	if (!buf)
		return 1;
	diag_init(&d, o->spec, stderr);
	root = yaml_tree_load(a, &d, buf, len);
	model_init(&m, a, &d, o->spec);
	if (!root || openapi_read(&m, root) < 0) {
		diag_flush(&d);
		return 1;
	}
	if (o->list)
		list_ops(&out, &m);
	else
		emit_c(&out, &m);
	rc = write_out(a, o, &out);
	buf_free(&out);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	struct arena *a;
	int rc;

	if (parse_args(argc, argv, &o) < 0)
		return usage();
	a = arena_new();
	rc = run(a, &o);
	arena_free(a);
	return rc;
}
