/* scenario_load_faults.c - a scenario's fault schedules: which requests
 * get which fault, every Nth or by seeded chance. */
#include "scenario_loader.h"

#include <limits.h>

#include "arena.h"
#include "json_text.h"

/* ---- fault schedules ---- */

void load_schedule(struct loader *L, const struct ynode *n,
			  struct scenario_schedule *s)
{
	static const char *const keys[] = {"every", "chance", "seed", "fault",
					   "match", "times", NULL};
	s->line = n->line;
	s->match.op = -1;
	if (!(yread_map(&L->d, n, "a fault schedule") != NULL))
		return;
	yread_keys(&L->d, n, keys, "a fault schedule");
	const struct ynode *every = ymap_get(n, "every");
	const struct ynode *chance = ymap_get(n, "chance");
	const struct ynode *fault = ymap_get(n, "fault");
	const struct ynode *v;
	if (!!every == !!chance)
		load_err(L, n, "a fault schedule has either 'every' or 'chance'");
	if (every)
		yread_long(&L->d, every, "'every'", 1, LONG_MAX, &s->every);
	if (chance && (json_number(chance, &s->chance) < 0 || s->chance < 0 ||
		       s->chance > 1))
		load_err(L, chance, "'chance' must be a number from 0 to 1");
	long seed = 0;
	if ((v = ymap_get(n, "seed")))
		yread_long(&L->d, v, "'seed'", 0, LONG_MAX, &seed);
	s->seed = (uint64_t)seed;
	if ((v = ymap_get(n, "times")))
		yread_long(&L->d, v, "'times'", 1, LONG_MAX, &s->times);
	if (fault)
		fault_read(&L->d, fault, &s->fault);
	else
		load_err(L, n, "a fault schedule needs a 'fault'");
	if ((v = ymap_get(n, "match")))
		load_match(L, v, &s->match);
}

