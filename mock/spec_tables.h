/*
 * spec_tables.h - the row structs of the tables that specgen writes.
 *
 * specgen (generator/) reads an OpenAPI 3.0/3.1 or Swagger 2.0 file and
 * writes build/spec_tables.c: data only, one row per line, every row
 * ending with a comment that names its spec line.  The mock is compiled
 * against those rows; it never reads YAML at run time.
 *
 * Rows refer to each other by index ("int schema" is a row of
 * spec_schemas).  A range of rows is a first index plus a count.  Every
 * array ends with one zeroed sentinel row that the counts exclude, so no
 * array is ever empty.  Strings are NUL-terminated UTF-8; JSON values
 * (examples, enum members, defaults) are kept as compact JSON text.
 */
#ifndef SPEC_TABLES_H
#define SPEC_TABLES_H

/* JSON types a schema admits, as a bit set; 0 means any value.
 * SPEC_T_NUMBER admits integers too.  nullable (3.0), x-nullable (2.0)
 * and a "null" member of a 3.1 type list all set SPEC_T_NULL. */
enum spec_type_bit {
	SPEC_T_NULL = 1 << 0,
	SPEC_T_BOOLEAN = 1 << 1,
	SPEC_T_INTEGER = 1 << 2,
	SPEC_T_NUMBER = 1 << 3,
	SPEC_T_STRING = 1 << 4,
	SPEC_T_ARRAY = 1 << 5,
	SPEC_T_OBJECT = 1 << 6
};

/* Which of a schema's numeric limits are present. */
enum spec_limit_bit {
	SPEC_HAS_MINIMUM = 1 << 0,
	SPEC_HAS_MAXIMUM = 1 << 1,
	SPEC_EXCLUSIVE_MINIMUM = 1 << 2, /* minimum itself excluded */
	SPEC_EXCLUSIVE_MAXIMUM = 1 << 3,
	SPEC_HAS_MIN_LENGTH = 1 << 4,
	SPEC_HAS_MAX_LENGTH = 1 << 5,
	SPEC_HAS_MIN_ITEMS = 1 << 6,
	SPEC_HAS_MAX_ITEMS = 1 << 7
};

/* spec_schema.additional when it is not a schema row. */
#define SPEC_ADDITIONAL_ANY (-1)  /* absent or true */
#define SPEC_ADDITIONAL_NONE (-2) /* false */

struct spec_schema {
	const char *name;    /* component/definition name, or NULL if inline */
	unsigned types;      /* enum spec_type_bit set; 0 = any */
	unsigned limits;     /* enum spec_limit_bit set */
	const char *format;  /* "uuid", "date-time"... or NULL */
	const char *pattern; /* regular expression as written, or NULL */
	double minimum, maximum;
	unsigned long min_length, max_length, min_items, max_items;
	int props, nprops;       /* rows of spec_properties */
	int required, nrequired; /* rows of spec_names */
	int items;               /* schema row of array items, or -1 */
	int additional;          /* schema row, or SPEC_ADDITIONAL_* */
	int enums, nenums;       /* rows of spec_json_values */
	int all_of, nall_of;     /* rows of spec_schema_refs */
	int one_of, none_of;
	int any_of, nany_of;
	const char *example; /* JSON text of example, else default, or NULL */
	int line;            /* where the schema is written in the spec */
};

struct spec_property {
	const char *name;
	int schema;
};

enum spec_param_in {
	SPEC_IN_PATH,
	SPEC_IN_QUERY,
	SPEC_IN_HEADER,
	SPEC_IN_COOKIE,
	SPEC_IN_FORM_DATA /* Swagger 2.0 only */
};

struct spec_param {
	const char *name;
	enum spec_param_in in;
	int required;
	int schema;
	int line;
};

/* A named example: OAS3 "examples" entries keep their names; a lone
 * "example" (and Swagger 2.0's per-media-type examples) is "default". */
struct spec_example {
	const char *name;
	const char *json;
	int line;
};

/* One media type of a request body or a response. */
struct spec_media {
	const char *type; /* "application/json" */
	int schema;       /* schema row, or -1 */
	int examples, nexamples;
};

/* A response header. */
struct spec_header {
	const char *name;
	int required;
	int schema; /* schema row, or -1 */
};

struct spec_response {
	const char *status; /* "201", "4XX" or "default" */
	const char *description;
	int headers, nheaders; /* rows of spec_headers */
	int media, nmedia;     /* rows of spec_medias; 0 rows: no body */
	int line;
};

struct spec_operation {
	const char *method;       /* upper case: "GET" */
	const char *path;         /* template: "/api/sessions/{session}" */
	const char *operation_id; /* as written, or derived when absent */
	int id_derived;           /* 1 when operation_id was derived */
	int params, nparams;      /* path-level and operation-level, merged */
	int body_required;
	int body_media, nbody_media; /* rows of spec_medias; 0 rows: no body */
	int responses, nresponses;
	int line;
};

extern const char spec_source[];  /* the spec path given to specgen */
extern const char spec_version[]; /* "3.0.3", "3.1.0", "2.0" */
extern const char spec_title[];
extern const char spec_api_version[]; /* info.version */

extern const struct spec_operation spec_operations[];
extern const int spec_operation_count;
extern const struct spec_param spec_params[];
extern const int spec_param_count;
extern const struct spec_response spec_responses[];
extern const int spec_response_count;
extern const struct spec_header spec_headers[];
extern const int spec_header_count;
extern const struct spec_media spec_medias[];
extern const int spec_media_count;
extern const struct spec_example spec_examples[];
extern const int spec_example_count;
extern const struct spec_schema spec_schemas[];
extern const int spec_schema_count;
extern const struct spec_property spec_properties[];
extern const int spec_property_count;
extern const char *const spec_names[];
extern const int spec_name_count;
extern const char *const spec_json_values[];
extern const int spec_json_value_count;
extern const int spec_schema_refs[];
extern const int spec_schema_ref_count;

#endif
