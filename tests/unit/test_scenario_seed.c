/* test_scenario_seed.c - a scenario's settings over the command line's,
 * and its initial kernels and sessions in a store. */
#include <string.h>

#include "scenario_seed.h"
#include "tap.h"

static const char text[] =
	"scenario: seeded\n"
	"seed: 7\n"
	"clock: {start: '2030-01-01T00:00:00Z', step: 5ms}\n"
	"kernels: [ir, python3]\n"
	"initial:\n"
	"  kernels:\n"
	"    - {id: 7f3e9b2c-1a4d-4e8f-b6c5-0d2e4f6a8b01, name: python3, execution_state: busy}\n"
	"  sessions:\n"
	"    - {path: a.ipynb, type: notebook, kernel: 7f3e9b2c-1a4d-4e8f-b6c5-0d2e4f6a8b01}\n"
	"    - {path: b.R, type: console, kernel: ir}\n";

int main(void)
{
	struct scenario *sc = scenario_load_text("t.yaml", text, strlen(text), stderr);
	CHECK(sc != NULL, "the scenario loads");
	if (!sc)
		return tap_done();
	struct store_options so = {.seed = 1, .kernelspecs = {"python3"}, .nkernelspecs = 1};
	int64_t start = 0, step = 1000;
	scenario_adopt_settings(sc, &so, &start, &step);
	CHECK(so.seed == 7 && so.nkernelspecs == 2 && !strcmp(so.kernelspecs[0], "ir"),
	      "the scenario's seed and kernelspecs replace the options'");
	CHECK(start == 1893456000LL * 1000000 && step == 5000,
	      "the scenario's clock replaces the options'");
	struct store *st = store_new(&so);
	scenario_seed(sc, st, start);
	CHECK(store_session_count(st) == 2, "every initial session is made");
	struct kernel *k = store_find_kernel(st, "7f3e9b2c-1a4d-4e8f-b6c5-0d2e4f6a8b01");
	CHECK(k && !strcmp(k->execution_state, "busy"), "an initial kernel keeps its id and state");
	struct session *b = store_find_by_path(st, "\"b.R\"");
	CHECK(b && b->kernel != k && !strcmp(b->kernel->name, "ir"),
	      "a session naming a kernelspec gets a new kernel of it");
	store_free(st);
	scenario_free(sc);
	return tap_done();
}
