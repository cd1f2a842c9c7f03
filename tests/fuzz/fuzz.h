/*
 * fuzz.h - the fuzz targets' inputs: each function takes any bytes, runs
 * one part of the mock on them as a user's file or client would reach
 * it, and returns 0.  A crash, a sanitizer report, a leak or a broken
 * promise (fuzz_fail) is the finding.
 *
 * The same code runs under libFuzzer (clang, `make fuzz`) and, built by
 * gcc with ASan, over the checked-in corpora and regressions in
 * `make test` (tests/fuzz/replay.c).
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The generator's reader: YAML tree, OpenAPI/Swagger reader, C emitter. */
int fuzz_spec(const uint8_t *data, size_t size);

/* The scenario loader; a scenario that loads is then played by a fresh
 * mock for a few requests (create, get, list, patch, delete). */
int fuzz_scenario(const uint8_t *data, size_t size);

/* The request path through the control plane (routing, validation, the
 * store, the scenario player, the admin API, the journal), no socket:
 *
 *   #CONFIG LINE (optional)
 *   METHOD TARGET
 *   Name: value
 *
 *   BODY
 *   %%
 *   next request...
 *
 * Requests (16 at most) are separated by a line "%%"; TARGET is
 * path?query; the body is everything after the first empty line.  $S
 * and $K in the target, the header values and the body become the id of
 * the last session created and of its kernel.  The config line holds
 * words: a shipped scenario's file name (default.yaml...),
 * strict|warn|off (--validate), nocors, stateless. */
int fuzz_requests(const uint8_t *data, size_t size);

/* Text frames, separated by lines "%%", sent on the channels websocket of
 * a new session's kernel (connect, messages, hang-up). */
int fuzz_kernel_frames(const uint8_t *data, size_t size);

/* data as the body of one request, method and path fixed, to a fresh
 * mock that has answered a client's first requests (so the store and the
 * journal hold something): for endpoints whose JSON bodies deserve a
 * target of their own. */
int fuzz_body(const char *method, const char *path, const uint8_t *data,
	      size_t size);

/* Reports a broken promise (what the mock must never do, whatever the
 * input) and aborts, so the fuzzer keeps the input. */
void fuzz_fail(const char *what) __attribute__((noreturn));

/* Where the repository is (scenarios/ is loaded from there); the build
 * sets it. */
#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

#endif
