/* test_kernelspecs.c - kernelspec models: the real python3 one, generic
 * defaults for other names, scenario fields replacing defaults in place,
 * and the field checks --check relies on. */
#include <stdlib.h>
#include <string.h>

#include "kernelspecs.h"
#include "tap.h"

static const char *const PYTHON3 =
	"{\"name\": \"python3\", \"spec\": {\"argv\": [\"/usr/bin/python3\", \"-m\", "
	"\"ipykernel_launcher\", \"-f\", \"{connection_file}\"], \"env\": {}, "
	"\"display_name\": \"Python 3 (ipykernel)\", \"language\": \"python\", "
	"\"interrupt_mode\": \"signal\", \"metadata\": {\"debugger\": true}}, "
	"\"resources\": {\"logo-svg\": \"/kernelspecs/python3/logo-svg.svg\", "
	"\"logo-64x64\": \"/kernelspecs/python3/logo-64x64.png\", "
	"\"logo-32x32\": \"/kernelspecs/python3/logo-32x32.png\"}}";

int main(void)
{
	cJSON *ir = cJSON_Parse("{\"name\": \"ir\", \"display_name\": \"R\", "
				"\"language\": \"R\", \"resources\": {\"logo-64x64\": \"/r.png\"}, "
				"\"language_info\": {\"name\": \"R\", \"version\": \"4.2\"}}");
	struct kernelspec_catalog c = {2, {"python3", "ir"}, {NULL, ir}};
	struct buf out = {0};

	kernelspec_write(&c, 0, &out);
	CHECK_STR(buf_cstr(&out), PYTHON3, "python3 is the real server's kernelspec, byte for byte");

	buf_reset(&out);
	kernelspec_write(&c, 1, &out);
	CHECK_STR(buf_cstr(&out),
		  "{\"name\": \"ir\", \"spec\": {\"argv\": [\"ir\", \"-f\", \"{connection_file}\"], "
		  "\"env\": {}, \"display_name\": \"R\", \"language\": \"R\", "
		  "\"interrupt_mode\": \"signal\", \"metadata\": {}}, "
		  "\"resources\": {\"logo-64x64\": \"/r.png\"}}",
		  "scenario fields replace the defaults in their places; language_info is not in the model");

	buf_reset(&out);
	kernelspecs_write_all(&c, &out);
	static const char head[] = "{\"default\": \"python3\", \"kernelspecs\": {\"python3\": {";
	CHECK(strncmp(buf_cstr(&out), head, sizeof head - 1) == 0,
	      "the list names the first as default and maps names to models");
	cJSON *all = cJSON_Parse(buf_cstr(&out));
	CHECK(all && cJSON_GetObjectItem(cJSON_GetObjectItem(all, "kernelspecs"), "ir"),
	      "the list is JSON holding every kernelspec");
	cJSON_Delete(all);

	CHECK(kernelspec_find(&c, "ir") == 1 && kernelspec_find(&c, "nosuch") == -1 &&
	      kernelspec_find(&c, NULL) == -1, "kernelspec_find gives the row or -1");

	cJSON *li = kernelspec_language_info(&c, 1);
	CHECK(li && !strcmp(cJSON_GetObjectItem(li, "version")->valuestring, "4.2"),
	      "a scenario's language_info is what kernel_info gives");
	cJSON_Delete(li);
	li = kernelspec_language_info(&c, 0);
	CHECK(li && !strcmp(cJSON_GetObjectItem(li, "pygments_lexer")->valuestring, "ipython3"),
	      "python3's language_info is ipykernel's");
	cJSON_Delete(li);

	cJSON *v = cJSON_Parse("[\"a\", 1]");
	CHECK_STR(kernelspec_check_field("argv", v), "must be a list of strings",
		  "argv with a number is refused");
	cJSON_Delete(v);
	v = cJSON_CreateString("sometimes");
	CHECK_STR(kernelspec_check_field("interrupt_mode", v), "is signal or message",
		  "interrupt_mode is signal or message");
	cJSON_Delete(v);
	v = cJSON_CreateString("");
	CHECK_STR(kernelspec_check_field("display_name", v), "must be a non-empty string",
		  "an empty display_name is refused");
	cJSON_Delete(v);
	v = cJSON_Parse("{\"a\": \"b\"}");
	CHECK(kernelspec_check_field("env", v) == NULL && kernelspec_check_field("metadata", v) == NULL,
	      "a mapping of strings is a good env and metadata");
	cJSON_Delete(v);

	buf_free(&out);
	cJSON_Delete(ir);
	return tap_done();
}
