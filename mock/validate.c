/* validate.c - checks a JSON value against a compiled schema row. */
#include "validate.h"

#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "spec_tables.h"

#define MAX_DEPTH 64

struct validator {
	regex_t **patterns; /* per schema row: its compiled pattern, or NULL */
};

/* One check's settings, handed down the recursion. */
struct run {
	const struct validator *v;
	int templates; /* a whole-"{{template}}" string passes any schema */
};

static const char *json_type_name(const cJSON *v)
{
	switch (v->type & 0xFF) {
	case cJSON_NULL: return "null";
	case cJSON_True:
	case cJSON_False: return "boolean";
	case cJSON_Number: return "number";
	case cJSON_String: return "string";
	case cJSON_Array: return "array";
	case cJSON_Object: return "object";
	default: return "value";
	}
}

static unsigned json_type_bits(const cJSON *v)
{
	switch (v->type & 0xFF) {
	case cJSON_NULL: return SPEC_T_NULL;
	case cJSON_True:
	case cJSON_False: return SPEC_T_BOOLEAN;
	case cJSON_Number: {
		double d = v->valuedouble;
		return d == floor(d) && fabs(d) < 9.007199254740992e15
			       ? SPEC_T_NUMBER | SPEC_T_INTEGER
			       : SPEC_T_NUMBER;
	}
	case cJSON_String: return SPEC_T_STRING;
	case cJSON_Array: return SPEC_T_ARRAY;
	case cJSON_Object: return SPEC_T_OBJECT;
	default: return 0;
	}
}

/* 'text' with control characters shown as \xNN, never raw. */
static void put_quoted(struct buf *err, const char *text)
{
	buf_putc(err, '\'');
	buf_put_printable(err, text);
	buf_putc(err, '\'');
}

static void put_where(struct buf *err, const char *where)
{
	buf_puts(err, *where ? where : "body");
	buf_puts(err, ": ");
}

static void put_types(struct buf *err, unsigned types)
{
	static const char *const names[] = {"null",   "boolean", "integer",
					    "number", "string",  "array",
					    "object"};
	int first = 1;
	for (int i = 6; i >= 0; i--) {
		if (!(types & (1u << i)))
			continue;
		if (!first)
			buf_puts(err, " or ");
		buf_puts(err, names[i]);
		first = 0;
	}
}

static int fail_type(const struct spec_schema *s, const cJSON *v,
		     const char *where, struct buf *err)
{
	put_where(err, where);
	buf_puts(err, "expected ");
	put_types(err, s->types);
	buf_printf(err, ", got %s", json_type_name(v));
	return -1;
}

static int check(const struct run *r, int schema, const cJSON *v,
		 const char *where, struct buf *err, int depth);

static void child_where(struct buf *out, const char *where, const char *key,
			long index)
{
	buf_puts(out, where);
	if (key) {
		if (*where)
			buf_putc(out, '.');
		buf_puts(out, key);
	} else {
		buf_printf(out, "[%ld]", index);
	}
}

static int check_child(const struct run *r, int schema, const cJSON *v,
		       const char *where, const char *key, long index,
		       struct buf *err, int depth)
{
	struct buf w = {0};
	child_where(&w, where, key, index);
	int rc = check(r, schema, v, buf_cstr(&w), err, depth + 1);
	buf_free(&w);
	return rc;
}

static int find_property(const struct spec_schema *s, const char *name)
{
	for (int i = 0; i < s->nprops; i++)
		if (strcmp(spec_properties[s->props + i].name, name) == 0)
			return spec_properties[s->props + i].schema;
	return -1;
}

static int check_object(const struct run *r, const struct spec_schema *s,
			const cJSON *v, const char *where, struct buf *err,
			int depth)
{
	for (int i = 0; i < s->nrequired; i++) {
		const char *name = spec_names[s->required + i];
		if (!cJSON_GetObjectItemCaseSensitive(v, name)) {
			put_where(err, where);
			buf_puts(err, "missing required property ");
			put_quoted(err, name);
			return -1;
		}
	}
	for (const cJSON *c = v->child; c; c = c->next) {
		int sub = find_property(s, c->string);
		if (sub < 0 && s->additional == SPEC_ADDITIONAL_NONE) {
			put_where(err, where);
			buf_puts(err, "unexpected property ");
			put_quoted(err, c->string);
			return -1;
		}
		if (sub < 0)
			sub = s->additional >= 0 ? s->additional : -1;
		if (sub >= 0 &&
		    check_child(r, sub, c, where, c->string, 0, err, depth) < 0)
			return -1;
	}
	return 0;
}

static int check_array(const struct run *r, const struct spec_schema *s,
		       const cJSON *v, const char *where, struct buf *err,
		       int depth)
{
	unsigned long n = (unsigned long)cJSON_GetArraySize(v);
	if ((s->limits & SPEC_HAS_MIN_ITEMS) && n < s->min_items) {
		put_where(err, where);
		buf_printf(err, "expected at least %lu items, got %lu",
			   s->min_items, n);
		return -1;
	}
	if ((s->limits & SPEC_HAS_MAX_ITEMS) && n > s->max_items) {
		put_where(err, where);
		buf_printf(err, "expected at most %lu items, got %lu",
			   s->max_items, n);
		return -1;
	}
	if (s->items < 0)
		return 0;
	long i = 0;
	for (const cJSON *c = v->child; c; c = c->next, i++)
		if (check_child(r, s->items, c, where, NULL, i, err, depth) < 0)
			return -1;
	return 0;
}

static int check_number(const struct spec_schema *s, double d,
			const char *where, struct buf *err)
{
	int low = (s->limits & SPEC_HAS_MINIMUM) &&
		  ((s->limits & SPEC_EXCLUSIVE_MINIMUM) ? d <= s->minimum
							: d < s->minimum);
	int high = (s->limits & SPEC_HAS_MAXIMUM) &&
		   ((s->limits & SPEC_EXCLUSIVE_MAXIMUM) ? d >= s->maximum
							 : d > s->maximum);
	if (!low && !high)
		return 0;
	put_where(err, where);
	buf_printf(err, "must be %s %s%g, got %g", low ? "at least" : "at most",
		   (s->limits & (low ? SPEC_EXCLUSIVE_MINIMUM
				     : SPEC_EXCLUSIVE_MAXIMUM))
			   ? "more than "
			   : "",
		   low ? s->minimum : s->maximum, d);
	return -1;
}

static unsigned long utf8_length(const char *s)
{
	unsigned long n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int check_string(const struct run *r, int schema, const char *t,
			const char *where, struct buf *err)
{
	const struct spec_schema *s = &spec_schemas[schema];
	unsigned long n = utf8_length(t);
	const char *rule = NULL;
	if ((s->limits & SPEC_HAS_MIN_LENGTH) && n < s->min_length)
		rule = "is shorter than minLength";
	else if ((s->limits & SPEC_HAS_MAX_LENGTH) && n > s->max_length)
		rule = "is longer than maxLength";
	else if (s->format && strcmp(s->format, "uuid") == 0 && !chars_is_uuid(t, strlen(t)))
		rule = "is not a uuid";
	else if (s->pattern) {
		const regex_t *re = r->v->patterns[schema];
		if (re && regexec(re, t, 0, NULL, 0) != 0)
			rule = "does not match pattern";
	}
	if (!rule)
		return 0;
	put_where(err, where);
	put_quoted(err, t);
	buf_printf(err, " %s", rule);
	return -1;
}

static int check_enum(const struct spec_schema *s, const cJSON *v,
		      const char *where, struct buf *err)
{
	for (int i = 0; i < s->nenums; i++) {
		cJSON *member = cJSON_Parse(spec_json_values[s->enums + i]);
		int same = member && cJSON_Compare(member, v, 1);
		cJSON_Delete(member);
		if (same)
			return 0;
	}
	put_where(err, where);
	buf_puts(err, "must be one of ");
	for (int i = 0; i < s->nenums; i++)
		buf_printf(err, "%s%s", i ? ", " : "",
			   spec_json_values[s->enums + i]);
	return -1;
}

/* When every anyOf branch is a plain type, the rule broken is the type. */
static int fail_any_of(const struct spec_schema *s, const cJSON *v,
		       const char *where, struct buf *err)
{
	struct spec_schema joined = {.types = 0};
	for (int i = 0; i < s->nany_of; i++) {
		unsigned t = spec_schemas[spec_schema_refs[s->any_of + i]].types;
		if (!t || (t & json_type_bits(v)))
			break;
		joined.types |= t;
		if (i == s->nany_of - 1)
			return fail_type(&joined, v, where, err);
	}
	put_where(err, where);
	buf_puts(err, "matches none of the anyOf schemas");
	return -1;
}

/* The anyOf branch an object is meant for when it matches none: the
 * first that requires properties and whose required ones it all has (a
 * create body with path and type is the path form, not the old form),
 * so that the error says what is wrong in it.  -1 when none is. */
static int meant_branch(const struct spec_schema *s, const cJSON *v)
{
	for (int i = 0; i < s->nany_of && cJSON_IsObject(v); i++) {
		int branch = spec_schema_refs[s->any_of + i];
		const struct spec_schema *b = &spec_schemas[branch];
		int has_all = b->nrequired > 0;
		for (int r = 0; r < b->nrequired && has_all; r++)
			has_all = cJSON_GetObjectItemCaseSensitive(
					  v, spec_names[b->required + r]) != NULL;
		if (has_all)
			return branch;
	}
	return -1;
}

/* allOf: every one; anyOf: at least one; oneOf: exactly one. */
static int check_combinations(const struct run *r, const struct spec_schema *s,
			      const cJSON *v, const char *where,
			      struct buf *err, int depth)
{
	for (int i = 0; i < s->nall_of; i++)
		if (check(r, spec_schema_refs[s->all_of + i], v, where, err,
			  depth + 1) < 0)
			return -1;
	struct buf scratch = {0};
	int any = s->nany_of == 0, matches = 0;
	for (int i = 0; i < s->nany_of && !any; i++)
		any = check(r, spec_schema_refs[s->any_of + i], v, where, &scratch,
			    depth + 1) == 0;
	for (int i = 0; i < s->none_of; i++)
		matches += check(r, spec_schema_refs[s->one_of + i], v, where,
				 &scratch, depth + 1) == 0;
	buf_free(&scratch);
	if (any && (s->none_of == 0 || matches == 1))
		return 0;
	int meant = any ? -1 : meant_branch(s, v);
	if (meant >= 0)
		return check(r, meant, v, where, err, depth + 1);
	if (!any)
		return fail_any_of(s, v, where, err);
	put_where(err, where);
	buf_puts(err, matches ? "matches more than one of the oneOf schemas"
			      : "matches none of the oneOf schemas");
	return -1;
}

static int is_template(const cJSON *v)
{
	if (!cJSON_IsString(v))
		return 0;
	size_t n = strlen(v->valuestring);
	return n >= 4 && !strncmp(v->valuestring, "{{", 2) &&
	       !strcmp(v->valuestring + n - 2, "}}");
}

static int check(const struct run *r, int schema, const cJSON *v,
		 const char *where, struct buf *err, int depth)
{
	if (schema < 0 || depth > MAX_DEPTH)
		return 0;
	const struct spec_schema *s = &spec_schemas[schema];
	if (r->templates && is_template(v))
		return 0;
	if (s->types && !(s->types & json_type_bits(v)))
		return fail_type(s, v, where, err);
	if (s->nenums && check_enum(s, v, where, err) < 0)
		return -1;
	if (cJSON_IsNumber(v) && check_number(s, v->valuedouble, where, err) < 0)
		return -1;
	if (cJSON_IsString(v) && check_string(r, schema, v->valuestring, where, err) < 0)
		return -1;
	if (cJSON_IsObject(v) && check_object(r, s, v, where, err, depth) < 0)
		return -1;
	if (cJSON_IsArray(v) && check_array(r, s, v, where, err, depth) < 0)
		return -1;
	return check_combinations(r, s, v, where, err, depth);
}

struct validator *validator_new(void)
{
	struct validator *val = calloc(1, sizeof *val);
	if (!val)
		return NULL;
	val->patterns = calloc((size_t)spec_schema_count + 1, sizeof *val->patterns);
	if (!val->patterns) {
		free(val);
		return NULL;
	}
	for (int i = 0; i < spec_schema_count; i++) {
		if (!spec_schemas[i].pattern)
			continue;
		regex_t *re = malloc(sizeof *re);
		if (re && regcomp(re, spec_schemas[i].pattern,
				  REG_EXTENDED | REG_NOSUB) == 0)
			val->patterns[i] = re;
		else
			free(re); /* an unusable pattern checks nothing */
	}
	return val;
}

void validator_free(struct validator *val)
{
	if (!val)
		return;
	for (int i = 0; i < spec_schema_count; i++) {
		if (val->patterns[i])
			regfree(val->patterns[i]);
		free(val->patterns[i]);
	}
	free(val->patterns);
	free(val);
}

int validate_value(const struct validator *val, int schema,
		   const cJSON *value, const char *where, struct buf *err)
{
	struct run r = {val, 0};
	return check(&r, schema, value, where, err, 0);
}

int validate_scripted(const struct validator *val, int schema,
		      const cJSON *value, const char *where, struct buf *err)
{
	struct run r = {val, 1};
	return check(&r, schema, value, where, err, 0);
}

/* Parameters arrive as text; give them the JSON type their schema wants. */
static cJSON *typed_param(int schema, const char *text)
{
	unsigned types = schema >= 0 ? spec_schemas[schema].types : 0;
	if (types & (SPEC_T_INTEGER | SPEC_T_NUMBER)) {
		char *end;
		double d = strtod(text, &end);
		if (*text && !*end)
			return cJSON_CreateNumber(d);
	}
	if ((types & SPEC_T_BOOLEAN) &&
	    (!strcmp(text, "true") || !strcmp(text, "false")))
		return cJSON_CreateBool(!strcmp(text, "true"));
	return cJSON_CreateString(text);
}

int validate_text(const struct validator *val, int schema, const char *text,
		  const char *where, struct buf *err)
{
	cJSON *v = typed_param(schema, text);
	if (!v)
		abort();
	struct run r = {val, 0};
	int rc = check(&r, schema, v, where, err, 0);
	cJSON_Delete(v);
	return rc;
}
