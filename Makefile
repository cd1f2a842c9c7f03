# Jupyter Sessions mock server: the spec is compiled into C tables by
# specgen, and the civetweb server is built against those tables.
#
#   make                 build build/specgen, build/spec_tables.c, build/mock
#   make deps            install the missing Debian and npm packages (root),
#                        or print the apt-get line to run and stop
#   make run             deps for the build, build, serve on 127.0.0.1:8888
#   make test            deps for the tests, sanitizer build (build-asan/)
#                        and the whole suite
#   make bench           throughput and latency with wrk
#   make soak            RSS over 1,000,000 requests at 64 and 4 connections
#   make fuzz            each libFuzzer target (tests/fuzz/) for FUZZ_TIME s
#   make SPEC=file.yaml  a mock of another OpenAPI file
#   make install         PREFIX=/usr/local, DESTDIR honoured; make uninstall
#   make deb             build/jupyter-sessions-mock_VERSION_ARCH.deb

SPEC ?= spec/sessions.yaml
BUILD ?= build
PORT ?= 8888
SCENARIO ?= scenarios/default.yaml
PREFIX ?= /usr/local
# The binary looks for its scenarios in ../share/jupyter-sessions-mock
# beside its own directory (mock/data_dir.h), so only PREFIX moves them.
DATADIR = $(PREFIX)/share/jupyter-sessions-mock
MANDIR = $(PREFIX)/share/man/man1

WARN = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
       -Wmissing-prototypes -Wwrite-strings -Wvla
OPT ?= -O2 -g
ifeq ($(SANITIZE),1)
OPT = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
      -fno-omit-frame-pointer
SANITIZE_LDFLAGS = -fsanitize=address,undefined
endif
# The libFuzzer build (build-fuzz/): everything instrumented for coverage.
FUZZ_CC ?= clang-14
ifeq ($(FUZZ),1)
CC = $(FUZZ_CC)
OPT = -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
      -fno-sanitize-recover=all -fno-omit-frame-pointer
SANITIZE_LDFLAGS = -fsanitize=address,undefined
endif

PKG_CONFIG ?= pkg-config
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags yaml-0.1 libcjson 2>/dev/null)
YAML_LIBS := $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null)
CJSON_LIBS := $(shell $(PKG_CONFIG) --libs libcjson 2>/dev/null)
CIVETWEB_LIBS ?= -lcivetweb

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(OPT) -MMD -MP \
             $(DEPS_CFLAGS) -Imock -Igenerator -I$(BUILD) $(CFLAGS)
ALL_LDFLAGS = $(SANITIZE_LDFLAGS) $(LDFLAGS)

# Debian packages, listed here only: `make deps` (run by `make run`,
# `make test` and .ci/run) installs the missing ones as root, else prints
# the apt-get line and stops.  node and npm are looked for as commands
# (a node from elsewhere serves as well); npm packages come from the
# committed lockfiles of NPM_DIRS.
APT_BUILD = gcc make pkg-config libcivetweb-dev libcjson-dev libyaml-dev
APT_FUZZ = clang-14 libclang-rt-14-dev
APT_TEST = perl python3 curl chromium jupyter-server python3-ipykernel $(APT_FUZZ)
NPM_DIRS = tests/e2e/browser tests/e2e/jupyterlab tests/spec
DEPS ?= test
APT_GET ?= apt-get

GEN_SRC := $(filter-out generator/main.c,$(wildcard generator/*.c))
GEN_OBJ := $(GEN_SRC:%.c=$(BUILD)/obj/%.o)
MOCK_SRC := $(filter-out mock/main.c,$(wildcard mock/*.c))
MOCK_OBJ := $(MOCK_SRC:%.c=$(BUILD)/obj/%.o)
# The server shares the generator's byte buffer, JSON string escaper and
# hex/UUID checks, and its scenario loader reads YAML with the generator's
# tree, diagnostics and YAML-to-JSON modules rather than second copies.
YAML_SHARED := arena buf json_escape diag hash yaml_tree json_text ynode_read chars
YAML_SHARED_OBJ := $(YAML_SHARED:%=$(BUILD)/obj/generator/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
# Fuzz targets: one line each in tests/fuzz/targets.def.
FUZZ_TARGETS := $(shell sed -n 's/^FUZZ_TARGET.\([a-z0-9_]*\),.*/\1/p' tests/fuzz/targets.def)
FUZZ_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out tests/fuzz/fuzz_main.c,\
            $(wildcard tests/fuzz/*.c)))
FUZZ_TIME ?= 60

.DELETE_ON_ERROR:
.PHONY: all deps run test check unit-tests fuzz-bins bench soak fuzz clean install uninstall deb FORCE

all: $(BUILD)/specgen $(BUILD)/mock

# What the compiler and linker need, looked for before the first compile:
# a missing one is named with its Debian package, not left to surface as
# "civetweb.h: No such file" or an undefined reference at the link.
$(BUILD)/build-deps.ok:
	@mkdir -p $(dir $@)
	@command -v $(PKG_CONFIG) >/dev/null || { echo "make: pkg-config is missing: apt-get install -y pkg-config" >&2; exit 1; }
	@$(PKG_CONFIG) --exists yaml-0.1 || { echo "make: libyaml (yaml-0.1) is missing: apt-get install -y libyaml-dev" >&2; exit 1; }
	@$(PKG_CONFIG) --exists libcjson || { echo "make: cJSON (libcjson) is missing: apt-get install -y libcjson-dev" >&2; exit 1; }
	@echo '#include <civetweb.h>' | $(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -E -x c - >/dev/null 2>&1 || { echo "make: civetweb.h is missing: apt-get install -y libcivetweb-dev" >&2; exit 1; }
	@touch $@

$(BUILD)/obj/%.o: %.c | $(BUILD)/build-deps.ok
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

# The demo page is compiled in: one array, no file to find at run time.
$(BUILD)/ui_page_html.c: mock/ui/index.html mock/ui/embed.sh
	@mkdir -p $(BUILD)
	mock/ui/embed.sh ui_page_html $< > $@.tmp && mv $@.tmp $@

$(BUILD)/ui_page_html.o: $(BUILD)/ui_page_html.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libmock.a: $(MOCK_OBJ) $(YAML_SHARED_OBJ) $(BUILD)/spec_tables.o $(BUILD)/ui_page_html.o
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

# The fuzz targets, built with clang for libFuzzer (FUZZ=1, build-fuzz/):
# `make fuzz` fuzzes with them, `make test` replays the checked-in inputs
# (tests/fuzz/test_replay.sh).  Static patterns: only the targets listed
# match, never their .d files.
$(BUILD)/obj/tests/fuzz/%.o: CFLAGS += -Itests/fuzz -DFUZZ_ROOT='"$(CURDIR)"'
FUZZ_BINS = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
$(FUZZ_BINS): $(BUILD)/fuzz/%: tests/fuzz/fuzz_main.c tests/fuzz/targets.def \
		$(FUZZ_OBJ) $(BUILD)/libmock.a $(BUILD)/libspecgen.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -DFUZZ_NAME='"$*"' -fsanitize=fuzzer \
	  $(ALL_LDFLAGS) -o $@ $< $(filter %.o %.a,$^) $(CIVETWEB_LIBS) \
	  $(CJSON_LIBS) $(YAML_LIBS) -lpthread -lm

fuzz-bins: $(FUZZ_BINS)

# The soak client (tests/bench/soak.c): plain C, no libraries.
$(BUILD)/tests/bench/soak: tests/bench/soak.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $<

# DEPS=build: the build's packages only (what `make run` needs);
# DEPS=fuzz: the build's and clang's (what `make fuzz` needs).
deps:
	@pkgs="$(APT_BUILD) $(if $(filter test,$(DEPS)),$(APT_TEST)) $(if $(filter fuzz,$(DEPS)),$(APT_FUZZ))"; \
	missing=$$(for p in $$pkgs; do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ "$(DEPS)" = test ]; then \
	  command -v node >/dev/null || missing="$$missing nodejs"; \
	  command -v npm >/dev/null || missing="$$missing npm"; \
	fi; \
	missing=$$(echo $$missing); \
	if [ -n "$$missing" ] && [ "$$(id -u)" != 0 ]; then \
	  echo "make: missing Debian packages: $$missing"; \
	  echo "run as root:"; \
	  echo "  $(APT_GET) update && $(APT_GET) install -y $$missing"; \
	  exit 1; \
	elif [ -n "$$missing" ]; then \
	  $(APT_GET) update && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y $$missing || exit 1; \
	fi
ifeq ($(DEPS),test)
	@for d in $(NPM_DIRS); do \
	  [ $$d/node_modules/.package-lock.json -nt $$d/package-lock.json ] || \
	    npm ci --prefix $$d --no-audit --no-fund >&2 || exit 1; \
	done
endif

# The build's output goes to stderr: the first line on stdout is the
# server's "mock: listening on http://HOST:PORT" (PORT=0: any free port).
run:
	@$(MAKE) --no-print-directory DEPS=build deps >&2
	@$(MAKE) --no-print-directory all >&2
	@exec $(BUILD)/mock --host 127.0.0.1 --port $(PORT) --scenario $(SCENARIO)

# The whole suite runs against the sanitizer build, except the memory
# test, which measures glibc's heap and so the plain build (ASan has its
# own allocator), and the fuzz targets' replays (clang's build, whose
# UBSan sees more than gcc's); prove's summary counts the skipped checks and says why
# (tests/tap/SkipSummary.pm).
test: deps
	$(MAKE) BUILD=build-asan SANITIZE=1 all unit-tests
	$(MAKE) BUILD=build-fuzz FUZZ=1 fuzz-bins
	$(MAKE) BUILD=build SANITIZE= all build/tests/bench/soak
	BUILD=build-asan PERL5LIB=tests/tap prove -e '' --formatter SkipSummary \
	  $(UNIT_SRC:tests/unit/%.c=build-asan/tests/unit/%) \
	  $(wildcard tests/gen/test_*.sh) $(wildcard tests/scenario/test_*.sh) \
	  $(wildcard tests/make/test_*) $(wildcard tests/fuzz/test_*.sh) \
	  $(wildcard tests/spec/test_*.sh) $(wildcard clients/node/test_*.sh) \
	  $(wildcard tests/e2e/test_*.py)

bench: all
	tests/bench/run.sh

# Every fuzz target for FUZZ_TIME seconds (tests/fuzz/run.sh); CI: 10.
fuzz:
	@$(MAKE) --no-print-directory DEPS=fuzz deps
	$(MAKE) BUILD=build-fuzz FUZZ=1 fuzz-bins
	FUZZ_TIME=$(FUZZ_TIME) tests/fuzz/run.sh build-fuzz $(FUZZ_TARGETS)

# RSS under a long create/get/list/delete mix (REQUESTS, CONNS: see the script).
soak: all $(BUILD)/tests/bench/soak
	SOAK=$(BUILD)/tests/bench/soak MOCK=$(BUILD)/mock tests/bench/soak.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/scenarios \
	  $(DESTDIR)$(DATADIR)/spec $(DESTDIR)$(MANDIR)
	install -m 755 $(BUILD)/mock $(DESTDIR)$(PREFIX)/bin/mock
	install -m 644 scenarios/*.yaml scenarios/README.md $(DESTDIR)$(DATADIR)/scenarios/
	install -m 644 $(SPEC) $(DESTDIR)$(DATADIR)/spec/
	pkg/manpage.sh $(BUILD)/mock $(DATADIR) > $(BUILD)/mock.1
	install -m 644 $(BUILD)/mock.1 $(DESTDIR)$(MANDIR)/mock.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/mock $(DESTDIR)$(MANDIR)/mock.1
	rm -rf $(DESTDIR)$(DATADIR)

# A Debian package of the release build, stripped, installed under /usr.
DEB_ROOT = $(BUILD)/deb/root
deb: all
	rm -rf $(BUILD)/deb
	$(MAKE) --no-print-directory install PREFIX=/usr DESTDIR=$(abspath $(DEB_ROOT))
	strip --strip-unneeded --remove-section=.comment $(DEB_ROOT)/usr/bin/mock
	gzip -9n $(DEB_ROOT)/usr/share/man/man1/mock.1
	install -d $(DEB_ROOT)/DEBIAN
	pkg/deb-control.sh $(BUILD)/mock $(DEB_ROOT) > $(DEB_ROOT)/DEBIAN/control
	dpkg-deb --root-owner-group -Zxz --build $(DEB_ROOT) \
	  $(BUILD)/jupyter-sessions-mock_$$($(BUILD)/mock --version | sed 's/^mock //')_$$(dpkg --print-architecture).deb

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
