/* instances.c - a bounded map from client key to engine. */
#include "instances.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "request.h"

struct instance {
	char key[INSTANCE_MAX_KEY + 1];
	const struct scenario *sc; /* referenced */
	struct engine *e;
	int refs;
	int dropped;          /* out of the map; freed at the last release */
	int selected;         /* sc chosen by the admin API: whatever scenario
			       * its clients name, they reach this one */
	unsigned long long used; /* tick of the last acquire: the idlest is lowest */
	unsigned long long requests;
};

struct instances {
	pthread_mutex_t lock;
	struct engine_options base;
	int max;
	struct instance **live; /* in creation order */
	int nlive;
	struct instance **gone; /* dropped while in use */
	int ngone, gone_cap;
	unsigned long long tick;
};

struct instances *instances_new(const struct engine_options *base, int max)
{
	struct instances *in = calloc(1, sizeof *in);
	if (!in || !(in->live = calloc((size_t)(max > 0 ? max : 1), sizeof *in->live))) {
		free(in);
		return NULL;
	}
	in->base = *base;
	in->base.scenario = NULL;
	in->max = max;
	pthread_mutex_init(&in->lock, NULL);
	return in;
}

static void instance_free(struct instance *i)
{
	engine_free(i->e);
	scenario_free(i->sc);
	free(i);
}

void instances_free(struct instances *in)
{
	if (!in)
		return;
	for (int i = 0; i < in->nlive; i++)
		instance_free(in->live[i]);
	for (int i = 0; i < in->ngone; i++)
		instance_free(in->gone[i]);
	free(in->live);
	free(in->gone);
	pthread_mutex_destroy(&in->lock);
	free(in);
}

static int find(struct instances *in, const char *key)
{
	for (int i = 0; i < in->nlive; i++)
		if (!strcmp(in->live[i]->key, key))
			return i;
	return -1;
}

/* Takes live[at] out of the map; freed now if idle, else at release. */
static void unlink_at(struct instances *in, int at)
{
	struct instance *i = in->live[at];
	memmove(&in->live[at], &in->live[at + 1],
		(size_t)(in->nlive - at - 1) * sizeof *in->live);
	in->nlive--;
	if (!i->refs) {
		instance_free(i);
		return;
	}
	i->dropped = 1;
	if (in->ngone == in->gone_cap) {
		in->gone_cap = in->gone_cap ? 2 * in->gone_cap : 8;
		in->gone = realloc(in->gone, (size_t)in->gone_cap * sizeof *in->gone);
		if (!in->gone)
			abort();
	}
	in->gone[in->ngone++] = i;
}

/* Drops the instance idle the longest; -1 when all are busy. */
static int evict(struct instances *in)
{
	int idlest = -1;
	for (int i = 0; i < in->nlive; i++)
		if (!in->live[i]->refs &&
		    (idlest < 0 || in->live[i]->used < in->live[idlest]->used))
			idlest = i;
	if (idlest < 0)
		return -1;
	fprintf(stderr, "mock: instance '%s' dropped: the oldest idle of "
			"--max-instances %d\n", in->live[idlest]->key, in->max);
	unlink_at(in, idlest);
	return 0;
}

static struct instance *create(struct instances *in, const char *key,
			       const struct scenario *sc, struct buf *err)
{
	if (in->nlive == in->max && evict(in) < 0) {
		buf_printf(err, "Too many instances: all %d of --max-instances "
				"are busy", in->max);
		return NULL;
	}
	struct instance *i = calloc(1, sizeof *i);
	struct engine_options eo = in->base;
	eo.scenario = sc;
	if (!i || !(i->e = engine_new(&eo))) {
		free(i);
		buf_puts(err, "Out of memory: no instance was made");
		return NULL;
	}
	snprintf(i->key, sizeof i->key, "%s", key);
	i->sc = scenario_ref(sc);
	in->live[in->nlive++] = i;
	return i;
}

struct engine *instances_acquire(struct instances *in, const char *key,
				 const struct scenario *sc, struct buf *err,
				 int *status)
{
	*status = 409;
	pthread_mutex_lock(&in->lock);
	int at = find(in, key);
	struct instance *i = at >= 0 ? in->live[at] : NULL;
	if (i && !i->selected && i->sc != sc && strcmp(i->sc->name, sc->name)) {
		buf_printf(err, "Instance '%s' replays scenario '%s', not '%s': "
				"drop it first (DELETE /__mock/instances?instance=%s)",
			   key, i->sc->name, sc->name, key);
		i = NULL;
	} else if (!i && !(i = create(in, key, sc, err))) {
		*status = 503;
	}
	if (i) {
		i->refs++;
		i->used = ++in->tick;
		i->requests++;
	}
	pthread_mutex_unlock(&in->lock);
	return i ? i->e : NULL;
}

void instances_release(struct instances *in, struct engine *e)
{
	pthread_mutex_lock(&in->lock);
	for (int i = 0; i < in->nlive; i++)
		if (in->live[i]->e == e) {
			in->live[i]->refs--;
			pthread_mutex_unlock(&in->lock);
			return;
		}
	for (int i = 0; i < in->ngone; i++)
		if (in->gone[i]->e == e && --in->gone[i]->refs == 0) {
			instance_free(in->gone[i]);
			in->gone[i] = in->gone[--in->ngone];
			break;
		}
	pthread_mutex_unlock(&in->lock);
}

int instances_reset(struct instances *in, const char *key)
{
	pthread_mutex_lock(&in->lock);
	int at = find(in, key);
	if (at >= 0) /* engine_reset takes the engine's own lock */
		engine_reset(in->live[at]->e, in->live[at]->sc);
	pthread_mutex_unlock(&in->lock);
	return at >= 0 ? 0 : -1;
}

void instances_reset_all(struct instances *in)
{
	pthread_mutex_lock(&in->lock);
	for (int i = 0; i < in->nlive; i++)
		engine_reset(in->live[i]->e, in->live[i]->sc);
	pthread_mutex_unlock(&in->lock);
}

int instances_select(struct instances *in, const char *key,
		     const struct scenario *sc, struct buf *err)
{
	pthread_mutex_lock(&in->lock);
	int at = find(in, key);
	struct instance *i = at >= 0 ? in->live[at] : create(in, key, sc, err);
	int rc = i ? 0 : -1;
	if (at >= 0 && engine_reset(i->e, sc) < 0) {
		buf_puts(err, "Out of memory: nothing was changed");
		rc = -1;
	} else if (i) {
		scenario_ref(sc);
		scenario_free(i->sc);
		i->sc = sc;
		i->selected = 1;
		i->used = ++in->tick;
	}
	pthread_mutex_unlock(&in->lock);
	return rc;
}

int instances_drop(struct instances *in, const char *key)
{
	pthread_mutex_lock(&in->lock);
	int at = find(in, key);
	if (at >= 0)
		unlink_at(in, at);
	pthread_mutex_unlock(&in->lock);
	return at >= 0 ? 0 : -1;
}

int instances_enter_state(struct instances *in, const char *key,
			  const char *name)
{
	pthread_mutex_lock(&in->lock);
	int at = find(in, key);
	int rc = at < 0 ? -1 : engine_enter_state(in->live[at]->e, name) < 0 ? -2 : 0;
	pthread_mutex_unlock(&in->lock);
	return rc;
}

int instances_has(struct instances *in, const char *key)
{
	pthread_mutex_lock(&in->lock);
	int at = find(in, key);
	pthread_mutex_unlock(&in->lock);
	return at >= 0;
}

int instances_count(struct instances *in)
{
	pthread_mutex_lock(&in->lock);
	int n = in->nlive;
	pthread_mutex_unlock(&in->lock);
	return n;
}

cJSON *instances_json(struct instances *in)
{
	cJSON *list = cJSON_CreateArray();
	pthread_mutex_lock(&in->lock);
	for (int i = 0; i < in->nlive; i++) {
		struct instance *x = in->live[i];
		struct buf state = {0}, next = {0};
		engine_run_status(x->e, &state, &next);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "instance", x->key);
		cJSON_AddStringToObject(o, "scenario", x->sc->name);
		cJSON_AddStringToObject(o, "state", buf_cstr(&state));
		cJSON_AddStringToObject(o, "next", buf_cstr(&next));
		cJSON_AddNumberToObject(o, "requests", (double)x->requests);
		cJSON_AddItemToArray(list, o);
		buf_free(&state);
		buf_free(&next);
	}
	pthread_mutex_unlock(&in->lock);
	return list;
}

static int key_ok(const char *s)
{
	return catalog_name_ok(s) && strlen(s) <= INSTANCE_MAX_KEY;
}

/* Splits "NAME" or "NAME<sep>KEY"; 0, or -1 when either is malformed. */
static int split(const char *value, const char *sep, char name[129],
		 char key[INSTANCE_MAX_KEY + 1])
{
	const char *s = strstr(value, sep);
	size_t n = s ? (size_t)(s - value) : strlen(value);
	while (n && value[n - 1] == ' ')
		n--;
	if (n > 128)
		return -1;
	memcpy(name, value, n);
	name[n] = '\0';
	const char *k = s ? s + strlen(sep) : name;
	if (strlen(k) > INSTANCE_MAX_KEY)
		return -1;
	snprintf(key, INSTANCE_MAX_KEY + 1, "%s", k);
	return catalog_name_ok(name) && key_ok(key) ? 0 : -1;
}

/* The value of cookie name in a Cookie header, copied into out. */
static int cookie_value(const char *header, const char *name, char *out,
			size_t size)
{
	size_t n = strlen(name);
	for (const char *p = header; p && *p;) {
		p += strspn(p, " ");
		size_t len = strcspn(p, ";");
		if (len > n && !strncmp(p, name, n) && p[n] == '=') {
			size_t v = len - n - 1;
			if (v >= size)
				return -1;
			memcpy(out, p + n + 1, v);
			out[v] = '\0';
			return 1;
		}
		p = p[len] ? p + len + 1 : NULL;
	}
	return 0;
}

int instances_of_request(const struct mock_request *req, char name[129],
			 char key[INSTANCE_MAX_KEY + 1], struct buf *err)
{
	const char *h = request_header(req, "X-Mock-Scenario");
	const char *cookies = h ? NULL : request_header(req, "Cookie");
	char value[300];
	int rc = 0;
	if (h) {
		/* "NAME" or "NAME; instance=KEY" */
		const char *semi = strchr(h, ';'), *k = semi ? semi + 1 : NULL;
		if (k)
			k += strspn(k, " ");
		if (k && strncmp(k, "instance=", 9))
			rc = -1;
		else if (snprintf(value, sizeof value, "%.*s%s%s",
				  semi ? (int)(semi - h) : (int)strlen(h), h,
				  k ? ":" : "", k ? k + 9 : "") >= (int)sizeof value)
			rc = -1;
		else
			rc = split(value, ":", name, key) < 0 ? -1 : 1;
	}
	if (!h && cookies) {
		int got = cookie_value(cookies, "mock-scenario", value, sizeof value);
		rc = got < 0 ? -1 : got == 0 ? 0 : split(value, ":", name, key) < 0 ? -1 : 1;
	}
	if (rc < 0)
		buf_printf(err, "Bad %s: expected NAME or NAME%sKEY, names and keys "
				"of letters, digits, '_', '-' and '.'",
			   h ? "X-Mock-Scenario" : "mock-scenario cookie",
			   h ? "; instance=" : ":");
	return rc;
}
