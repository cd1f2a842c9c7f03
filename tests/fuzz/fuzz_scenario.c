/* fuzz_scenario.c - the scenario loader on any bytes, as --scenario and
 * --check run it on a file; what loads is played a little. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "scenario.h"

int fuzz_scenario(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size); /* scenario_load reads it so */
	struct scenario *sc =
		scenario_load_text("fuzz.yaml", text, size, fuzz_devnull());
	if (sc) {
		struct fuzz_mock_options o = {
			.scenario = sc, .validate = "strict", .cors = 1};
		struct fuzz_mock m;
		fuzz_mock_init(&m, &o);
		fuzz_play(&m, fuzz_client, strlen(fuzz_client), NULL);
		fuzz_mock_free(&m);
		scenario_free(sc);
	}
	free(text);
	return 0;
}
