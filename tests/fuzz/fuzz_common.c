/* fuzz_common.c - what the fuzz targets share. */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "scenario.h"

void fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz: broken promise: %s\n", what);
	abort();
}

FILE *fuzz_devnull(void)
{
	static FILE *f;
	if (!f && !(f = fopen("/dev/null", "w")))
		fuzz_fail("cannot open /dev/null");
	return f;
}

char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		abort();
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

/* ---- the shipped scenarios, loaded once ---- */

#define MAX_SCENARIOS 64

static struct {
	int loaded, n;
	char *names[MAX_SCENARIOS];
	struct scenario *sc[MAX_SCENARIOS];
} shipped;

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Frees them at exit, so LSan has nothing to say about them. */
static void unload_scenarios(void)
{
	for (int i = 0; i < shipped.n; i++) {
		scenario_free(shipped.sc[i]);
		free(shipped.names[i]);
	}
}

static void load_scenarios(void)
{
	if (shipped.loaded)
		return;
	shipped.loaded = 1;
	DIR *dir = opendir(FUZZ_ROOT "/scenarios");
	if (!dir)
		fuzz_fail("cannot open " FUZZ_ROOT "/scenarios");
	struct dirent *de;
	while ((de = readdir(dir)) && shipped.n < MAX_SCENARIOS) {
		size_t len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0)
			shipped.names[shipped.n++] = strdup(de->d_name);
	}
	closedir(dir);
	qsort(shipped.names, (size_t)shipped.n, sizeof *shipped.names, by_name);
	for (int i = 0; i < shipped.n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/scenarios/%s", FUZZ_ROOT,
			 shipped.names[i]);
		shipped.sc[i] = scenario_load(path, stderr);
		if (!shipped.sc[i])
			fuzz_fail("a shipped scenario does not load");
	}
	atexit(unload_scenarios);
}

int fuzz_scenario_count(void)
{
	load_scenarios();
	return shipped.n;
}

const struct scenario *fuzz_scenario_at(int i)
{
	load_scenarios();
	return i >= 0 && i < shipped.n ? shipped.sc[i] : NULL;
}

const char *fuzz_scenario_name(int i)
{
	load_scenarios();
	return i >= 0 && i < shipped.n ? shipped.names[i] : NULL;
}

/* What a client of the Sessions API does first, and a look at the
 * journal, so the player's steps, faults and templates all run. */
const char fuzz_client[] =
	"GET /api/sessions\n"
	"%%\n"
	"POST /api/sessions\n\n"
	"{\"path\": \"a.ipynb\", \"name\": \"a\", \"type\": \"notebook\", "
	"\"kernel\": {\"name\": \"python3\"}}\n"
	"%%\n"
	"GET /api/sessions/$S\n"
	"%%\n"
	"PATCH /api/sessions/$S\n\n"
	"{\"name\": \"b\"}\n"
	"%%\n"
	"GET /api/kernels/$K\n"
	"%%\n"
	"DELETE /api/sessions/$S\n"
	"%%\n"
	"GET /api/sessions\n"
	"%%\n"
	"GET /__mock/unmatched\n";

/* ---- a mock, and one request to it ---- */

void fuzz_mock_init(struct fuzz_mock *m, const struct fuzz_mock_options *o)
{
	const char *words[] = {"mock", "--quiet", "--journal", "16", "--validate",
			       o->validate ? o->validate : "strict", "--cors",
			       o->cors ? "on" : "off", "--stateless"};
	int argc = o->stateless ? 9 : 8;
	char args[9][16], *argv[9]; /* cli_parse takes them writable */
	for (int i = 0; i < argc; i++)
		argv[i] = strcpy(args[i], words[i]);
	struct cli_options opt;
	struct buf out = {0}, err = {0};
	if (cli_parse(argc, argv, &opt, &out, &err) != CLI_RUN)
		fuzz_fail(buf_cstr(&err));
	buf_free(&out);
	buf_free(&err);
	struct control_options co = {
		.engine = opt.engine, /* its kernelspecs are copied by control_new */
		.journal = opt.journal,
		.scenario = o->scenario,
	};
	m->control = control_new(&co);
	if (!m->control)
		fuzz_fail("control_new failed");
	m->access = opt.http.access; /* no --allow-host: nothing borrowed */
	m->scripted = o->scenario != NULL;
}

void fuzz_mock_free(struct fuzz_mock *m)
{
	control_free(m->control);
	m->control = NULL;
}

/* What every answer must be, whatever the request (and, unless a
 * scenario's author wrote its headers, where it redirects). */
static void check_reply(const struct reply *r, const struct buf *wire,
			int scripted)
{
	if (r->status < 100 || r->status > 599)
		fuzz_fail("a status outside 100-599");
	if (wire->len < 9 || memcmp(wire->data, "HTTP/1.1 ", 9) != 0)
		fuzz_fail("an answer that does not start with HTTP/1.1");
	const char *end = strstr(wire->data, "\r\n\r\n");
	if (!end)
		fuzz_fail("an answer whose headers do not end");
	for (const char *line = wire->data; line < end;) {
		const char *eol = strstr(line, "\r\n");
		for (const char *p = line; p < eol; p++)
			if (*p == '\r' || *p == '\n')
				fuzz_fail("a CR or LF inside a header line");
		if (!scripted && !strncasecmp(line, "Location:", 9)) {
			const char *v = line + 9 + strspn(line + 9, " ");
			if (v[0] != '/' || v[1] == '/' || v[1] == '\\')
				fuzz_fail("a Location that is not a path of this server");
		}
		line = eol + 2;
	}
	size_t len;
	const char *body = reply_body(r, &len);
	if (r->content_type && !strncmp(r->content_type, "application/json", 16) &&
	    len && !r->omit_body) {
		cJSON *json = cJSON_ParseWithLength(body, len);
		if (!json)
			fuzz_fail("an application/json body that is not JSON");
		cJSON_Delete(json);
	}
}

void fuzz_send(struct fuzz_mock *m, struct mock_request *req,
	       struct buf *body_out)
{
	struct reply r;
	struct buf wire = {0};
	reply_init(&r);
	if (!req->refusal.status)
		access_check(&m->access, req, &req->refusal);
	control_handle(m->control, req, &r);
	/* a fault plays the whole byte stream, as the HTTP glue does */
	reply_serialize(&r, &wire, SIZE_MAX);
	check_reply(&r, &wire, m->scripted);
	if (body_out) {
		size_t len;
		const char *body = reply_body(&r, &len);
		buf_reset(body_out);
		buf_append(body_out, body, len);
	}
	buf_free(&wire);
	reply_free(&r);
}
