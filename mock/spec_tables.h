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

/*
 * The columns of each row struct, in one list per struct:
 *   X(C type, field, how specgen writes it)
 * The list declares the struct (SPEC_FIELD) and is what specgen writes a
 * row from, one designated initializer per column, so the order of the
 * columns lives in one place and cannot drift between the two.  Ways of
 * writing: STR (a C string or NULL), INT, ULONG, DOUBLE, TYPES (enum
 * spec_type_bit names), LIMITS (enum spec_limit_bit names), IN (an enum
 * spec_param_in name), ADDITIONAL (a row or SPEC_ADDITIONAL_*).
 */
#define SPEC_FIELD(type, name, kind) type name;

#define SPEC_SCHEMA_COLUMNS(X)                                                 \
	X(const char *, name, STR)     /* component name, or NULL if inline */ \
	X(unsigned, types, TYPES)      /* enum spec_type_bit set; 0 = any */   \
	X(unsigned, limits, LIMITS)    /* enum spec_limit_bit set */           \
	X(const char *, format, STR)   /* "uuid", "date-time"... or NULL */    \
	X(const char *, pattern, STR)  /* regular expression, or NULL */       \
	X(double, minimum, DOUBLE)                                             \
	X(double, maximum, DOUBLE)                                             \
	X(unsigned long, min_length, ULONG)                                    \
	X(unsigned long, max_length, ULONG)                                    \
	X(unsigned long, min_items, ULONG)                                     \
	X(unsigned long, max_items, ULONG)                                     \
	X(int, props, INT)  /* rows of spec_properties */                      \
	X(int, nprops, INT)                                                    \
	X(int, required, INT) /* rows of spec_names */                         \
	X(int, nrequired, INT)                                                 \
	X(int, items, INT)  /* schema row of array items, or -1 */             \
	X(int, additional, ADDITIONAL) /* schema row, or SPEC_ADDITIONAL_* */  \
	X(int, enums, INT)  /* rows of spec_json_values */                     \
	X(int, nenums, INT)                                                    \
	X(int, all_of, INT) /* rows of spec_schema_refs */                     \
	X(int, nall_of, INT)                                                   \
	X(int, one_of, INT)                                                    \
	X(int, none_of, INT)                                                   \
	X(int, any_of, INT)                                                    \
	X(int, nany_of, INT)                                                   \
	X(const char *, example, STR) /* JSON of example, else default */      \
	X(int, line, INT)   /* where the schema is written in the spec */

struct spec_schema {
	SPEC_SCHEMA_COLUMNS(SPEC_FIELD)
};

#define SPEC_PROPERTY_COLUMNS(X)                                               \
	X(const char *, name, STR)                                             \
	X(int, schema, INT)

struct spec_property {
	SPEC_PROPERTY_COLUMNS(SPEC_FIELD)
};

enum spec_param_in {
	SPEC_IN_PATH,
	SPEC_IN_QUERY,
	SPEC_IN_HEADER,
	SPEC_IN_COOKIE,
	SPEC_IN_FORM_DATA /* Swagger 2.0 only */
};

#define SPEC_PARAM_COLUMNS(X)                                                  \
	X(const char *, name, STR)                                             \
	X(enum spec_param_in, in, IN)                                          \
	X(int, required, INT)                                                  \
	X(int, schema, INT)                                                    \
	X(int, line, INT)

struct spec_param {
	SPEC_PARAM_COLUMNS(SPEC_FIELD)
};

/* A named example: OAS3 "examples" entries keep their names; a lone
 * "example" (and Swagger 2.0's per-media-type examples) is "default". */
#define SPEC_EXAMPLE_COLUMNS(X)                                                \
	X(const char *, name, STR)                                             \
	X(const char *, json, STR)                                             \
	X(int, line, INT)

struct spec_example {
	SPEC_EXAMPLE_COLUMNS(SPEC_FIELD)
};

/* One media type of a request body or a response. */
#define SPEC_MEDIA_COLUMNS(X)                                                  \
	X(const char *, type, STR) /* "application/json" */                    \
	X(int, schema, INT)        /* schema row, or -1 */                     \
	X(int, examples, INT)                                                  \
	X(int, nexamples, INT)

struct spec_media {
	SPEC_MEDIA_COLUMNS(SPEC_FIELD)
};

/* A response header. */
#define SPEC_HEADER_COLUMNS(X)                                                 \
	X(const char *, name, STR)                                             \
	X(int, required, INT)                                                  \
	X(int, schema, INT) /* schema row, or -1 */

struct spec_header {
	SPEC_HEADER_COLUMNS(SPEC_FIELD)
};

#define SPEC_RESPONSE_COLUMNS(X)                                               \
	X(const char *, status, STR) /* "201", "4XX" or "default" */           \
	X(const char *, description, STR)                                      \
	X(int, headers, INT) /* rows of spec_headers */                        \
	X(int, nheaders, INT)                                                  \
	X(int, media, INT)   /* rows of spec_medias; 0 rows: no body */        \
	X(int, nmedia, INT)                                                    \
	X(int, line, INT)

struct spec_response {
	SPEC_RESPONSE_COLUMNS(SPEC_FIELD)
};

#define SPEC_OPERATION_COLUMNS(X)                                              \
	X(const char *, method, STR)       /* upper case: "GET" */             \
	X(const char *, path, STR)         /* "/api/sessions/{session}" */     \
	X(const char *, operation_id, STR) /* as written, or derived */        \
	X(int, id_derived, INT)            /* 1 when derived */                \
	X(int, params, INT) /* path-level and operation-level, merged */       \
	X(int, nparams, INT)                                                   \
	X(int, body_required, INT)                                             \
	X(int, body_media, INT) /* rows of spec_medias; 0 rows: no body */     \
	X(int, nbody_media, INT)                                               \
	X(int, responses, INT)                                                 \
	X(int, nresponses, INT)                                                \
	X(int, line, INT)

struct spec_operation {
	SPEC_OPERATION_COLUMNS(SPEC_FIELD)
};

extern const char spec_source[];  /* the spec path given to specgen */
extern const char spec_version[]; /* "3.0.3", "3.1.0", "2.0" */
extern const char spec_title[];
extern const char spec_api_version[]; /* info.version */
/* info.x-server-headers as "Name: value\r\n" lines, "" for none: what
 * the real server sends on every answer (Jupyter's CSP), sent too */
extern const char spec_server_headers[];

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
