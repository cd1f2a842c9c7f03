/* fuzz_kernel.c - text frames on a kernel's channels websocket, as a
 * frontend sends them, through the engine (kernel_channels.h). */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fuzz_common.h"
#include "kernel_channels.h"

static const char create[] =
	"POST /api/sessions\n\n"
	"{\"path\": \"k.ipynb\", \"name\": \"k.ipynb\", \"type\": \"notebook\", "
	"\"kernel\": {\"name\": \"python3\"}}";

/* What every frame the mock sends must be: a JSON object. */
static void check_frames(struct kframes *f)
{
	for (int i = 0; i < f->n; i++) {
		cJSON *json = cJSON_Parse(f->v[i].text);
		if (!cJSON_IsObject(json))
			fuzz_fail("a kernel frame that is not a JSON object");
		cJSON_Delete(json);
	}
	kframes_free(f);
	memset(f, 0, sizeof *f);
}

int fuzz_kernel_frames(const uint8_t *data, size_t size)
{
	struct fuzz_mock_options o = {.validate = "strict", .cors = 1};
	struct fuzz_mock m;
	struct fuzz_ids ids;
	fuzz_mock_init(&m, &o);
	fuzz_play(&m, create, sizeof create - 1, &ids);
	struct engine *e = m.control->shared;
	struct kframes frames = {0};
	if (kchan_open(e, ids.kernel, &frames) < 0)
		fuzz_fail("the kernel of a new session cannot be connected to");
	check_frames(&frames);
	const char *s = (const char *)data;
	struct buf log = {0};
	for (size_t pos = 0; pos < size;) {
		size_t skip, len = fuzz_part_length(s + pos, size - pos, &skip);
		char *frame = malloc(len ? len : 1); /* of its size: no NUL */
		if (!frame)
			abort();
		memcpy(frame, s + pos, len);
		kchan_message(e, ids.kernel, frame, len, &frames, &log);
		check_frames(&frames);
		buf_reset(&log);
		free(frame);
		pos += len + skip;
	}
	kchan_close(e, ids.kernel);
	buf_free(&log);
	fuzz_mock_free(&m);
	return 0;
}
