/* scenario_load_kernel.c - reads 'kernel': the steps that answer
 * messages on the kernel channels websocket. */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "scenario_loader.h"

static const char *const output_kinds[] = {
	"stream", "execute_result", "display_data", "error", "clear_output",
	"delay", "input_request", NULL};

/* Content of an output: the given mapping, checked, with its defaults. */
static cJSON *output_content(struct loader *L, const struct ynode *v,
			     enum kernel_output_kind kind)
{
	static const char *const keys[][4] = {
		[KOUT_STREAM] = {"name", "text", NULL},
		[KOUT_EXECUTE_RESULT] = {"data", "metadata", NULL},
		[KOUT_DISPLAY_DATA] = {"data", "metadata", "transient", NULL},
		[KOUT_ERROR] = {"ename", "evalue", "traceback", NULL},
		[KOUT_CLEAR_OUTPUT] = {"wait", NULL},
		[KOUT_INPUT_REQUEST] = {"prompt", "password", NULL},
	};
	if (kind == KOUT_CLEAR_OUTPUT && v->kind == YNODE_SCALAR && !*v->text)
		return cJSON_Parse("{\"wait\": false}");
	if (!yread_map(&L->d, v, output_kinds[kind]))
		return NULL;
	yread_keys(&L->d, v, keys[kind], arena_printf(L->a, "'%s'", output_kinds[kind]));
	cJSON *c = load_json(L, v);
	if (!c)
		return NULL;
	cJSON *copy = cJSON_Duplicate(c, 1); /* defaults are added to a copy */
	const cJSON *name = cJSON_GetObjectItem(c, "name");
	switch (kind) {
	case KOUT_STREAM:
		if (!cJSON_IsString(cJSON_GetObjectItem(c, "text")))
			load_err(L, v, "'stream' needs a string 'text'");
		if (name && (!cJSON_IsString(name) || (strcmp(name->valuestring, "stdout") &&
						       strcmp(name->valuestring, "stderr"))))
			load_err(L, v, "a stream's 'name' is stdout or stderr");
		if (!name)
			cJSON_AddStringToObject(copy, "name", "stdout");
		break;
	case KOUT_EXECUTE_RESULT:
	case KOUT_DISPLAY_DATA:
		if (!cJSON_IsObject(cJSON_GetObjectItem(c, "data")))
			load_err(L, v, "'%s' needs a mapping 'data' (mime type: value)",
				 output_kinds[kind]);
		if (!cJSON_GetObjectItem(c, "metadata"))
			cJSON_AddObjectToObject(copy, "metadata");
		break;
	case KOUT_ERROR:
		if (!cJSON_IsString(cJSON_GetObjectItem(c, "ename")) ||
		    !cJSON_IsString(cJSON_GetObjectItem(c, "evalue")))
			load_err(L, v, "'error' needs strings 'ename' and 'evalue'");
		if (!cJSON_GetObjectItem(c, "traceback"))
			cJSON_AddArrayToObject(copy, "traceback");
		break;
	case KOUT_CLEAR_OUTPUT:
		if (!cJSON_GetObjectItem(c, "wait"))
			cJSON_AddFalseToObject(copy, "wait");
		break;
	case KOUT_INPUT_REQUEST:
		if (!cJSON_GetObjectItem(c, "prompt"))
			cJSON_AddStringToObject(copy, "prompt", "");
		if (!cJSON_GetObjectItem(c, "password"))
			cJSON_AddFalseToObject(copy, "password");
		break;
	default:
		break;
	}
	L->sc->json[L->sc->njson - 1] = copy; /* the scenario owns the copy */
	cJSON_Delete(c);
	return copy;
}

static void read_output(struct loader *L, const struct ynode *n,
			struct kernel_output *out)
{
	if (!yread_map(&L->d, n, "an output") )
		return;
	if (n->n != 1) {
		load_err(L, n, "an output is one of stream, execute_result, display_data, "
			       "error, clear_output, delay, input_request");
		return;
	}
	const struct ynode *key = ymap_key(n, 0), *v = ymap_value(n, 0);
	int kind = -1;
	for (int i = 0; output_kinds[i]; i++)
		if (!strcmp(key->text, output_kinds[i]))
			kind = i;
	if (kind < 0) {
		load_err(L, key, "unknown output %s (stream, execute_result, display_data, "
				 "error, clear_output, delay, input_request)", load_q(L, key->text));
		return;
	}
	out->kind = (enum kernel_output_kind)kind;
	if (kind == KOUT_DELAY)
		load_duration(L, v, "'delay'", &out->delay_us);
	else
		out->content = output_content(L, v, out->kind);
}

static void read_match(struct loader *L, const struct ynode *n, struct kernel_step *k)
{
	static const char *const keys[] = {"msg_type", "code", "code_prefix", "code_regex", NULL};
	static const char *const code_keys[] = {"code", "code_prefix", "code_regex"};
	if (!yread_map(&L->d, n, "'match'"))
		return;
	yread_keys(&L->d, n, keys, "a kernel step's 'match'");
	const struct ynode *t = ymap_get(n, "msg_type");
	if (!t)
		load_err(L, n, "a kernel step matches a 'msg_type' (execute_request, ...)");
	else
		k->msg_type = yread_string(&L->d, t, "'msg_type'");
	for (int i = 0; i < 3; i++) {
		const struct ynode *c = ymap_get(n, code_keys[i]);
		if (!c)
			continue;
		if (k->code_match != KCODE_ANY) {
			load_err(L, c, "'code', 'code_prefix' and 'code_regex' exclude each other");
			continue;
		}
		k->code = yread_string(&L->d, c, arena_printf(L->a, "'%s'", code_keys[i]));
		k->code_match = (enum kernel_code_match)(KCODE_EXACT + i);
		if (k->code && k->msg_type && strcmp(k->msg_type, "execute_request"))
			load_err(L, c, "only an execute_request has code to match");
	}
	if (k->code_match == KCODE_REGEX && k->code) {
		regex_t *re = arena_alloc(L->a, sizeof *re);
		int rc = regcomp(re, k->code, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char why[128];
			regerror(rc, re, why, sizeof why);
			load_err(L, ymap_get(n, "code_regex"), "'code_regex' %s is not a "
				 "regular expression: %s", load_q(L, k->code), why);
		} else
			k->regex = re;
	}
}

static void read_outputs(struct loader *L, const struct ynode *v, struct kernel_step *k)
{
	if (!yread_seq(&L->d, v, "'outputs'"))
		return;
	k->outputs = arena_alloc(L->a, (v->n + 1) * sizeof *k->outputs);
	for (size_t i = 0; i < v->n; i++)
		read_output(L, v->items[i], &k->outputs[k->noutputs++]);
	if (k->msg_type && strcmp(k->msg_type, "execute_request"))
		load_err(L, v, "only an execute_request sends 'outputs' (use 'reply')");
}

static void read_flags(struct loader *L, const struct ynode *n, struct kernel_step *k)
{
	const struct ynode *v;
	if ((v = ymap_get(n, "status"))) {
		if (!yscalar_is(v, "ok") && !yscalar_is(v, "error") && !yscalar_is(v, "aborted"))
			load_err(L, v, "'status' is ok, error or aborted");
		k->status = v->text;
	}
	if ((v = ymap_get(n, "busy"))) {
		if (!yscalar_is(v, "forever"))
			load_err(L, v, "'busy' is forever (the kernel never goes idle)");
		k->busy_forever = 1;
	}
	if ((v = ymap_get(n, "die"))) {
		if (!yscalar_is(v, "true") && !yscalar_is(v, "false"))
			load_err(L, v, "'die' is true or false");
		k->die = yscalar_is(v, "true");
	}
	if ((v = ymap_get(n, "repeat")))
		load_repeat(L, v, &k->repeat);
}

static void read_kernel_step(struct loader *L, const struct ynode *n, int index,
			     struct kernel_step *k)
{
	static const char *const keys[] = {"name", "match", "outputs", "status", "reply",
					   "busy", "die", "repeat", NULL};
	k->line = n->line;
	k->repeat = SCENARIO_FOREVER;
	k->label = arena_printf(L->a, "kernel step %d", index + 1);
	if (!yread_map(&L->d, n, "a kernel step"))
		return;
	yread_keys(&L->d, n, keys, "a kernel step");
	const struct ynode *v;
	if ((v = ymap_get(n, "name")) && yread_string(&L->d, v, "'name'"))
		k->label = arena_printf(L->a, "kernel step %d (%s)", index + 1, v->text);
	if ((v = ymap_get(n, "match")))
		read_match(L, v, k);
	else
		load_err(L, n, "a kernel step needs 'match: {msg_type: ...}'");
	if ((v = ymap_get(n, "outputs")))
		read_outputs(L, v, k);
	if ((v = ymap_get(n, "reply"))) {
		if (yread_map(&L->d, v, "'reply'"))
			k->reply = load_json(L, v);
		if (k->msg_type && !strcmp(k->msg_type, "execute_request"))
			load_err(L, v, "an execute_request answers with 'outputs' and 'status', not 'reply'");
	}
	read_flags(L, n, k);
	if (k->status && k->msg_type && strcmp(k->msg_type, "execute_request"))
		load_err(L, ymap_get(n, "status"), "'status' is for an execute_request");
}

void load_kernel_steps(struct loader *L, const struct ynode *n)
{
	struct scenario *sc = L->sc;
	if (!yread_seq(&L->d, n, "'kernel'"))
		return;
	sc->kernel_steps = arena_alloc(L->a, (n->n + 1) * sizeof *sc->kernel_steps);
	for (size_t i = 0; i < n->n; i++) {
		struct kernel_step *k = &sc->kernel_steps[sc->nkernel_steps++];
		memset(k, 0, sizeof *k);
		read_kernel_step(L, n->items[i], (int)i, k);
	}
}

void free_kernel_steps(struct scenario *sc)
{
	for (int i = 0; i < sc->nkernel_steps; i++)
		if (sc->kernel_steps[i].regex)
			regfree(sc->kernel_steps[i].regex);
}
