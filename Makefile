# Jupyter Sessions mock server: the spec is compiled into C tables by
# specgen, and the civetweb server is built against those tables.
#
#   make                 build build/specgen, build/spec_tables.c, build/mock
#   make run             install what is missing, build, serve on 127.0.0.1:8888
#   make test            sanitizer build (build-asan/) and the whole suite
#   make bench           throughput and latency with wrk
#   make SPEC=file.yaml  a mock of another OpenAPI file

SPEC ?= spec/sessions.yaml
BUILD ?= build
PORT ?= 8888
SCENARIO ?= scenarios/default.yaml

WARN = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
       -Wmissing-prototypes -Wwrite-strings -Wvla
OPT ?= -O2 -g
ifeq ($(SANITIZE),1)
OPT = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
      -fno-omit-frame-pointer
SANITIZE_LDFLAGS = -fsanitize=address,undefined
endif

DEPS_CFLAGS := $(shell pkg-config --cflags yaml-0.1 libcjson 2>/dev/null)
YAML_LIBS := $(shell pkg-config --libs yaml-0.1 2>/dev/null)
CJSON_LIBS := $(shell pkg-config --libs libcjson 2>/dev/null)
CIVETWEB_LIBS ?= -lcivetweb

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(OPT) -MMD -MP \
             $(DEPS_CFLAGS) -Imock -Igenerator -I$(BUILD) $(CFLAGS)
ALL_LDFLAGS = $(SANITIZE_LDFLAGS) $(LDFLAGS)

APT_PACKAGES = libcivetweb-dev libcjson-dev libyaml-dev pkg-config make gcc

GEN_SRC := $(filter-out generator/main.c,$(wildcard generator/*.c))
GEN_OBJ := $(GEN_SRC:%.c=$(BUILD)/obj/%.o)
MOCK_SRC := $(filter-out mock/main.c,$(wildcard mock/*.c))
MOCK_OBJ := $(MOCK_SRC:%.c=$(BUILD)/obj/%.o)
# The scenario loader reads YAML with the generator's tree, diagnostics
# and YAML-to-JSON modules rather than a second copy of them.
YAML_SHARED := arena diag hash yaml_tree json_text ynode_read
YAML_SHARED_OBJ := $(YAML_SHARED:%=$(BUILD)/obj/generator/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)

.DELETE_ON_ERROR:
.PHONY: all run test check unit-tests bench clean FORCE

all: $(BUILD)/specgen $(BUILD)/mock

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Archives are made anew: `ar r` would keep the object of a deleted source.
$(BUILD)/libspecgen.a: $(GEN_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/specgen: $(BUILD)/obj/generator/main.o $(BUILD)/libspecgen.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(YAML_LIBS)

# The tables depend on which spec was asked for, not only on its contents.
$(BUILD)/spec.path: FORCE
	@mkdir -p $(BUILD)
	@echo '$(SPEC)' | cmp -s - $@ || echo '$(SPEC)' > $@

$(BUILD)/spec_tables.c: $(BUILD)/specgen $(BUILD)/spec.path $(SPEC)
	$(BUILD)/specgen -o $@ $(SPEC)

$(BUILD)/spec_tables.o: $(BUILD)/spec_tables.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libmock.a: $(MOCK_OBJ) $(YAML_SHARED_OBJ) $(BUILD)/spec_tables.o
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/mock: $(BUILD)/obj/mock/main.o $(BUILD)/libmock.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CIVETWEB_LIBS) $(CJSON_LIBS) $(YAML_LIBS) -lpthread -lm

$(MOCK_OBJ) $(BUILD)/obj/mock/main.o: $(BUILD)/spec_tables.c

# One program per module; each prints TAP.
$(BUILD)/tests/unit/test_gen_%: tests/unit/test_gen_%.c $(BUILD)/libspecgen.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Igenerator $(ALL_LDFLAGS) -o $@ $(filter %.c %.a,$^) $(YAML_LIBS)

$(BUILD)/tests/unit/test_%: tests/unit/test_%.c $(BUILD)/libmock.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(filter %.c %.a,$^) $(CIVETWEB_LIBS) $(CJSON_LIBS) $(YAML_LIBS) -lpthread -lm

unit-tests: $(UNIT_BIN)

run:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing || exit 1; \
	  else \
	    echo "missing packages; run as root:"; \
	    echo "  apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi
	$(MAKE) all
	exec $(BUILD)/mock --host 127.0.0.1 --port $(PORT) $(if $(wildcard $(SCENARIO)),--scenario $(SCENARIO))

# The whole suite runs against the sanitizer build.
test:
	$(MAKE) BUILD=build-asan SANITIZE=1 all unit-tests
	BUILD=build-asan prove -e '' $(UNIT_SRC:tests/unit/%.c=build-asan/tests/unit/%) \
	  $(wildcard tests/gen/test_*.sh) $(wildcard tests/scenario/test_*.sh) \
	  $(wildcard tests/e2e/test_*.py)

bench: all
	tests/bench/run.sh

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
