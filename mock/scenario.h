/*
 * scenario.h - a scenario file, loaded and checked against the spec
 * tables, and its replay.
 *
 * A loaded struct scenario is immutable: several engines (one per client,
 * later) can replay it side by side, each with its own struct
 * scenario_run holding where that replay stands.  The format is
 * documented in scenarios/README.md.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "fault.h"

#define SCENARIO_FOREVER (-1L)

struct scenario_pair {
	const char *name, *value;
};

/* Which requests a step (or a fault schedule) takes. */
struct scenario_match {
	int op;                        /* spec_operations row; -1: any */
	struct scenario_pair *params;  /* path parameters that must be equal */
	int nparams;
	struct scenario_pair *query;   /* query parameters that must be equal */
	int nquery;
	struct scenario_pair *headers; /* headers that must be equal */
	int nheaders;
	cJSON *body;                   /* a subset the JSON body must hold */
};

/* A scripted answer; scripted == 0 lets the session state answer. */
struct scenario_response {
	int scripted;
	int status;
	int example;  /* spec_examples row, or -1 */
	int response; /* spec_responses row, or -1 */
	cJSON *body;  /* inline body, may hold {{templates}}; NULL: none */
	struct scenario_pair *headers; /* values may hold templates */
	int nheaders;
};

enum scenario_action_kind { ACTION_KILL_KERNEL, ACTION_KERNEL_STATE };

/* A change to the session state made after the step answered. */
struct scenario_action {
	enum scenario_action_kind kind;
	const char *kernel; /* kernel id, may be a template */
	const char *execution_state;
	int line;
};

struct scenario_step {
	const char *label; /* "step 3" unless named */
	int line;
	struct scenario_match match;
	struct scenario_response respond;
	struct fault fault;
	struct scenario_action *actions;
	int nactions;
	long repeat;    /* times the step is taken; SCENARIO_FOREVER */
	int next_state; /* state to enter once used up; -1: stay */
};

struct scenario_state {
	const char *name;
	int any_order; /* 0: steps in sequence; 1: the first that matches */
	int first_step, nsteps; /* rows of scenario.steps */
	int line;
};

struct scenario_schedule {
	struct scenario_match match;
	long every;    /* every Nth matching request; 0: use chance */
	double chance; /* probability per matching request */
	uint64_t seed;
	long times;    /* faults played at most; 0: no limit */
	struct fault fault;
	int line;
};

struct scenario_kernel {
	const char *id; /* NULL: seeded */
	const char *name;
	const char *execution_state; /* NULL: the default */
	int connections;
	int64_t last_activity; /* -1: the clock's start */
};

struct scenario_session {
	const char *id; /* NULL: seeded */
	char *path, *name, *type; /* JSON texts */
	int kernel;          /* row of initial kernels, or -1 for a new one */
	const char *kernel_name; /* when kernel < 0 */
};

/* ---- kernel steps: scripted answers on the channels websocket ---- */

enum kernel_output_kind {
	KOUT_STREAM, KOUT_EXECUTE_RESULT, KOUT_DISPLAY_DATA, KOUT_ERROR,
	KOUT_CLEAR_OUTPUT, KOUT_DELAY, KOUT_INPUT_REQUEST
};

/* One thing an answer sends (or a pause before the next). */
struct kernel_output {
	enum kernel_output_kind kind;
	cJSON *content;   /* the message content; NULL for a delay */
	int64_t delay_us; /* KOUT_DELAY */
};

enum kernel_code_match { KCODE_ANY, KCODE_EXACT, KCODE_PREFIX, KCODE_REGEX };

struct kernel_step {
	const char *label; /* "kernel step 2" unless named */
	int line;
	const char *msg_type;         /* the request's header.msg_type */
	enum kernel_code_match code_match;
	const char *code;             /* its text (exact, prefix or regex) */
	void *regex;                  /* a compiled regex_t for KCODE_REGEX */
	struct kernel_output *outputs;
	int noutputs;
	const char *status;  /* execute_reply status: ok, error, aborted; NULL: ok
			      * (error when an error output is sent) */
	cJSON *reply;        /* the reply's content for other types, or NULL */
	int busy_forever;    /* no reply, no idle: busy until interrupted */
	int die;             /* then the kernel dies: sockets closed, model dead */
	long repeat;         /* times it answers; SCENARIO_FOREVER */
};

struct scenario {
	/* References: the loader's, then one per holder (catalog, engine,
	 * reply); a replaced version is freed when its last holder lets go. */
	atomic_int refs;
	struct arena *arena; /* everything below lives in it ... */
	cJSON **json;        /* ... except these cJSON trees */
	int njson, json_cap;
	const char *path, *name, *description;
	int has_seed, has_clock_start, has_clock_step;
	uint64_t seed;
	int64_t clock_start, clock_step;
	const char **kernelspecs;
	const cJSON **kernelspec_fields; /* per kernelspec: its mapping or NULL */
	int nkernelspecs;
	int off_script_state; /* 1: off-script requests go to the state */
	struct scenario_kernel *kernels;
	int nkernels;
	struct scenario_session *sessions;
	int nsessions;
	struct scenario_step *steps;
	int nsteps;
	struct scenario_state *states;
	int nstates; /* state 0 is where a replay starts */
	struct scenario_schedule *schedules;
	int nschedules;
	struct kernel_step *kernel_steps; /* the first that matches answers */
	int nkernel_steps;
};

/* A request as a scenario sees it, to match steps and fill templates, is
 * the handlers' struct op_call (optable.h). */
struct op_call;

/* Loads and checks a scenario file against the spec tables.  NULL when
 * it has errors, each printed to diag_out as FILE:LINE:COL: error: ... */
struct scenario *scenario_load(const char *path, FILE *diag_out);
/* The same from a buffer, with path used only in messages. */
struct scenario *scenario_load_text(const char *path, const char *text,
				    size_t len, FILE *diag_out);
/* Takes one more reference to sc (NULL: none) and returns it. */
const struct scenario *scenario_ref(const struct scenario *sc);
/* Gives back one reference (scenario_load's or scenario_ref's); the last
 * one frees sc.  Any thread may call it; NULL is a no-op. */
void scenario_free(const struct scenario *sc);

/* ---- replay: where one engine's run of a scenario stands ---- */

struct scenario_run;

struct scenario_run *scenario_run_new(const struct scenario *sc);
void scenario_run_free(struct scenario_run *run);
/* The step that takes this request, counted as taken (the run moves on),
 * or NULL when the request is off script. */
const struct scenario_step *scenario_take_step(struct scenario_run *run,
					       const struct op_call *call);
/* The fault a schedule puts on this request, FAULT_NONE if none. */
struct fault scenario_scheduled_fault(struct scenario_run *run,
				      const struct op_call *call);
/* Appends what the run expects next, for off-script errors; with call
 * (may be NULL), each step says which of its parts the request did not
 * match. */
void scenario_describe_expected(const struct scenario_run *run,
				const struct op_call *call,
				struct buf *out);
const struct scenario *scenario_of(const struct scenario_run *run);
/* The name of the state the run is in (NULL for a scenario of none). */
const char *scenario_run_state(const struct scenario_run *run);
/* 1 when the state the run is in has no step left to take (every step
 * used up, and no next state to enter), else 0. */
int scenario_run_done(const struct scenario_run *run);
/* Moves the run to the state named name, its steps unused: 0, or -1
 * when the scenario has no such state (the run is unchanged). */
int scenario_run_enter(struct scenario_run *run, const char *name);
/* The kernel step that answers a message of msg_type with this code
 * (execute's, or ""), counted as taken; NULL when none does (the
 * built-in kernel answers). */
const struct kernel_step *scenario_take_kernel_step(struct scenario_run *run,
						    const char *msg_type,
						    const char *code);

#endif
