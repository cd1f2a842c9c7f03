/*
 * data_dir.h - where the shipped scenarios and the spec are, so an
 * installed mock finds them wherever it was installed (PREFIX, DESTDIR
 * or a package unpacked into a scratch root) and a built one finds the
 * source tree's.
 *
 * The directory holds scenarios/ and spec/.  It is, in order: the
 * environment's MOCK_DATA_DIR; EXE/../share/jupyter-sessions-mock (an
 * installed binary in PREFIX/bin); EXE/.. when it holds
 * scenarios/default.yaml (build/mock in the source tree).
 */
#ifndef DATA_DIR_H
#define DATA_DIR_H

#include <stddef.h>

#define DATA_DIR_NAME "jupyter-sessions-mock"

/* Writes the data directory for the executable at exe into out (size
 * bytes).  0, or -1 when none of the places exists or out is too small. */
int data_dir_find(const char *exe, char *out, size_t size);

/* The same for the running binary (/proc/self/exe). */
int data_dir_self(char *out, size_t size);

/* Resolves a --scenario argument: an existing file is itself; a bare
 * name ("create-501" or "create-501.yaml", no '/') that names no file
 * is looked up in DATA/scenarios/.  Writes the path to use into out and
 * returns 0; -1 when nothing was found (out then holds name). */
int data_dir_scenario(const char *name, char *out, size_t size);

#endif
