/*
 * openapi_read.h - an OpenAPI 3.0/3.1 or Swagger 2.0 document (as a YAML
 * tree) into the spec model: version and info, then every operation of
 * every path in file order with its merged parameters, body and responses,
 * then every schema they reach.
 */
#ifndef SPECGEN_OPENAPI_READ_H
#define SPECGEN_OPENAPI_READ_H

struct spec_model;
struct ynode;

/* Fills m (initialized by model_init) from root.  Returns 0, or -1 after
 * reporting every error found to m->diag; m is then incomplete. */
int openapi_read(struct spec_model *m, const struct ynode *root);

#endif
