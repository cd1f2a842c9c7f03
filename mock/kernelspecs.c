/* kernelspecs.c - kernelspec models with defaults and scenario fields. */
#include "kernelspecs.h"

#include <stdlib.h>
#include <string.h>

#include "json_py.h"

const char *const kernelspec_keys[] = {
	"name", "display_name", "language", "argv", "env", "interrupt_mode",
	"metadata", "resources", "language_info", NULL};

int kernelspec_find(const struct kernelspec_catalog *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (name && strcmp(c->names[i], name) == 0)
			return i;
	return -1;
}

static cJSON *must(cJSON *j)
{
	if (!j)
		abort(); /* out of memory */
	return j;
}

static cJSON *strings(const char *const *v, int n)
{
	return must(cJSON_CreateStringArray(v, n));
}

/* What Debian's Jupyter Server 1.23.3 answers for ipykernel. */
static cJSON *python3_spec(void)
{
	static const char *const argv[] = {"/usr/bin/python3", "-m",
		"ipykernel_launcher", "-f", "{connection_file}"};
	cJSON *spec = must(cJSON_CreateObject());
	cJSON_AddItemToObject(spec, "argv", strings(argv, 5));
	cJSON_AddItemToObject(spec, "env", must(cJSON_CreateObject()));
	cJSON_AddStringToObject(spec, "display_name", "Python 3 (ipykernel)");
	cJSON_AddStringToObject(spec, "language", "python");
	cJSON_AddStringToObject(spec, "interrupt_mode", "signal");
	cJSON *meta = cJSON_AddObjectToObject(spec, "metadata");
	cJSON_AddTrueToObject(meta, "debugger");
	return spec;
}

static cJSON *generic_spec(const char *name)
{
	const char *argv[] = {name, "-f", "{connection_file}"};
	cJSON *spec = must(cJSON_CreateObject());
	cJSON_AddItemToObject(spec, "argv", strings(argv, 3));
	cJSON_AddItemToObject(spec, "env", must(cJSON_CreateObject()));
	cJSON_AddStringToObject(spec, "display_name", name);
	cJSON_AddStringToObject(spec, "language", name);
	cJSON_AddStringToObject(spec, "interrupt_mode", "signal");
	cJSON_AddItemToObject(spec, "metadata", must(cJSON_CreateObject()));
	return spec;
}

static cJSON *default_resources(const char *name)
{
	cJSON *r = must(cJSON_CreateObject());
	if (strcmp(name, "python3") != 0)
		return r;
	cJSON_AddStringToObject(r, "logo-svg", "/kernelspecs/python3/logo-svg.svg");
	cJSON_AddStringToObject(r, "logo-64x64", "/kernelspecs/python3/logo-64x64.png");
	cJSON_AddStringToObject(r, "logo-32x32", "/kernelspecs/python3/logo-32x32.png");
	return r;
}

/* Replaces (in place, keeping the key order) or appends key in obj. */
static void set_copy(cJSON *obj, const char *key, const cJSON *value)
{
	cJSON *copy = must(cJSON_Duplicate(value, 1));
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, copy);
	else
		cJSON_AddItemToObject(obj, key, copy);
}

/* The model of row i as a new tree. */
static cJSON *model_of(const struct kernelspec_catalog *c, int i)
{
	const char *name = c->names[i];
	cJSON *model = must(cJSON_CreateObject());
	cJSON_AddStringToObject(model, "name", name);
	cJSON_AddItemToObject(model, "spec", strcmp(name, "python3") == 0
						     ? python3_spec()
						     : generic_spec(name));
	cJSON_AddItemToObject(model, "resources", default_resources(name));
	const cJSON *f = c->fields[i];
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(model, "spec");
	for (const cJSON *v = f ? f->child : NULL; v; v = v->next) {
		if (!strcmp(v->string, "name") || !strcmp(v->string, "language_info"))
			continue;
		set_copy(strcmp(v->string, "resources") ? spec : model,
			 v->string, v);
	}
	return model;
}

void kernelspec_write(const struct kernelspec_catalog *c, int i, struct buf *out)
{
	cJSON *model = model_of(c, i);
	json_py_write(out, model);
	cJSON_Delete(model);
}

void kernelspecs_write_all(const struct kernelspec_catalog *c, struct buf *out)
{
	BUF_LITERAL(out, "{\"default\": ");
	json_py_write_string(out, c->n ? c->names[0] : "");
	BUF_LITERAL(out, ", \"kernelspecs\": {");
	for (int i = 0; i < c->n; i++) {
		if (i)
			BUF_LITERAL(out, ", ");
		json_py_write_string(out, c->names[i]);
		BUF_LITERAL(out, ": ");
		kernelspec_write(c, i, out);
	}
	BUF_LITERAL(out, "}}");
}

/* ipykernel 6 on Debian 12's Python 3.11, as its kernel_info_reply says. */
static cJSON *python_language_info(void)
{
	cJSON *li = must(cJSON_CreateObject());
	cJSON_AddStringToObject(li, "name", "python");
	cJSON_AddStringToObject(li, "version", "3.11.2");
	cJSON_AddStringToObject(li, "mimetype", "text/x-python");
	cJSON *cm = cJSON_AddObjectToObject(li, "codemirror_mode");
	cJSON_AddStringToObject(cm, "name", "ipython");
	cJSON_AddNumberToObject(cm, "version", 3);
	cJSON_AddStringToObject(li, "pygments_lexer", "ipython3");
	cJSON_AddStringToObject(li, "nbconvert_exporter", "python");
	cJSON_AddStringToObject(li, "file_extension", ".py");
	return li;
}

cJSON *kernelspec_language_info(const struct kernelspec_catalog *c, int i)
{
	const cJSON *f = i >= 0 ? c->fields[i] : NULL;
	const cJSON *given = cJSON_GetObjectItemCaseSensitive(f, "language_info");
	if (given)
		return must(cJSON_Duplicate(given, 1));
	if (i < 0 || !strcmp(c->names[i], "python3"))
		return python_language_info();
	const cJSON *lang = cJSON_GetObjectItemCaseSensitive(f, "language");
	cJSON *li = must(cJSON_CreateObject());
	cJSON_AddStringToObject(li, "name", cJSON_IsString(lang)
						    ? lang->valuestring
						    : c->names[i]);
	return li;
}

static int all_strings(const cJSON *v, int want_object)
{
	if (want_object ? !cJSON_IsObject(v) : !cJSON_IsArray(v))
		return 0;
	for (const cJSON *e = v->child; e; e = e->next)
		if (!cJSON_IsString(e))
			return 0;
	return 1;
}

const char *kernelspec_check_field(const char *key, const cJSON *value)
{
	if (!strcmp(key, "argv"))
		return all_strings(value, 0) ? NULL : "must be a list of strings";
	if (!strcmp(key, "env") || !strcmp(key, "resources"))
		return all_strings(value, 1) ? NULL
					     : "must be a mapping of strings";
	if (!strcmp(key, "metadata") || !strcmp(key, "language_info"))
		return cJSON_IsObject(value) ? NULL : "must be a mapping";
	if (!strcmp(key, "interrupt_mode"))
		return cJSON_IsString(value) &&
				       (!strcmp(value->valuestring, "signal") ||
					!strcmp(value->valuestring, "message"))
			       ? NULL
			       : "is signal or message";
	if (strcmp(key, "display_name") && strcmp(key, "language") &&
	    strcmp(key, "name"))
		return NULL; /* not a kernelspec key: the loader says so */
	return cJSON_IsString(value) && value->valuestring[0]
		       ? NULL
		       : "must be a non-empty string";
}
