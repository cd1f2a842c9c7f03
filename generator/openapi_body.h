/*
 * openapi_body.h - request bodies and responses of one operation: their
 * media types, schemas, named examples and response headers, from OpenAPI
 * 3.x content maps or Swagger 2.0 body parameters, schemas and
 * produces/consumes lists.
 */
#ifndef SPECGEN_OPENAPI_BODY_H
#define SPECGEN_OPENAPI_BODY_H

struct reader;
struct spec_operation;
struct ynode;

/* OpenAPI 3.x requestBody (maybe a $ref) into op's body fields. */
void body_read(struct reader *r, const struct ynode *body,
	       struct spec_operation *op);
/* Swagger 2.0 "in: body" parameter into op's body fields; consumes is the
 * list of media types in force (NULL: application/json). */
void body_read_v2(struct reader *r, const struct ynode *param,
		  const struct ynode *consumes, struct spec_operation *op);
/* The responses map into op's response rows; produces as consumes above
 * (Swagger 2.0 only). */
void responses_read(struct reader *r, const struct ynode *responses,
		    const struct ynode *produces, struct spec_operation *op);

/* The schema row of a parameter or header written with "schema", or with
 * "content" (its first media type's schema); -1 when it has neither. */
int content_schema(struct reader *r, const struct ynode *owner);

#endif
