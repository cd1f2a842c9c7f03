/*
 * scenario_loader.h - what the scenario loader's files share (not a
 * public interface: only scenario_load*.c include it).
 *
 * scenario_load.c reads the file and its settings; scenario_loader.c
 * holds the helpers below; scenario_load_initial.c reads 'initial', scenario_load_script.c
 * the steps and states (and a step's match), scenario_load_respond.c a
 * step's 'respond', scenario_load_faults.c the fault schedules (fault.c
 * reads a fault itself).  Typed access to nodes is the generator's
 * (ynode_read.h), as are the tree, the diagnostics and the YAML-to-JSON
 * conversion.
 */
#ifndef SCENARIO_LOADER_H
#define SCENARIO_LOADER_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "scenario.h"
#include "yaml_tree.h"
#include "ynode_read.h"

struct arena;
struct router;
struct validator;

struct loader {
	struct scenario *sc;
	struct arena *a;
	struct diag d;
	struct router *router;
	struct validator *validator; /* checks bodies and states against the spec */
	const struct ynode **next_of; /* per step: its 'next' node, or NULL */
	const struct ynode **state_at; /* per state: its name (or the steps) */
};

/* An error at n (NULL: the file's start). */
void load_err(struct loader *L, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A user value, quoted and made safe to print (in the arena). */
const char *load_q(struct loader *L, const char *s);
/* A duration ("250ms") into *us: 0, or -1 after an error naming what. */
int load_duration(struct loader *L, const struct ynode *n, const char *what,
		  int64_t *us);
/* The node as a cJSON tree owned by the scenario; NULL after an error. */
cJSON *load_json(struct loader *L, const struct ynode *n);
/* The node as JSON text in the real server's style (in the arena). */
char *load_json_text(struct loader *L, const struct ynode *n);
/* A mapping of strings as name/value pairs (in the arena) into *out;
 * returns their count (0 after an error). */
int load_pairs(struct loader *L, const struct ynode *n, const char *what,
	       struct scenario_pair **out);
/* A step's 'repeat' (an integer of at least 1, or forever) into *repeat,
 * or an error. */
void load_repeat(struct loader *L, const struct ynode *n, long *repeat);
/* Errors for each unknown {{template}} in text, or in j's strings. */
void load_check_templates(struct loader *L, const struct ynode *at,
			  const char *text);
void load_check_json_templates(struct loader *L, const struct ynode *at,
			       const cJSON *j);

/* An execution state the spec's Kernel schema allows, or an error. */
void load_check_execution_state(struct loader *L, const struct ynode *at,
				const char *state);
void load_initial(struct loader *L, const struct ynode *n);
/* Which requests a step or schedule takes; m->op -1 when any. */
void load_match(struct loader *L, const struct ynode *n,
		struct scenario_match *m);
void load_respond(struct loader *L, const struct ynode *n, int op,
		  struct scenario_response *r);
/* The steps, or the states and their steps, linked and checked. */
void load_script(struct loader *L, const struct ynode *root);
void load_schedule(struct loader *L, const struct ynode *n,
		   struct scenario_schedule *s);

/* The kernel steps ('kernel'), checked; free_kernel_steps releases
 * their compiled regexes. */
void load_kernel_steps(struct loader *L, const struct ynode *n);
void free_kernel_steps(struct scenario *sc);

#endif
