# securer - build, tests, conformance, install.
#
#   make                 library, CLI
#   make check           unit and integration tests (cmocka)
#   make conformance     every attack under every backend: a matrix, and
#                        reports in build/report (report.json, .xml, .md)
#   make lint-attacks    the corpus: metadata, files, expectations
#   make install         PREFIX=/usr/local DESTDIR=
#   make SANITIZE=address,undefined BUILD=build-asan check
#   make CC=clang check
#   make fuzz            the protocol fuzzer (clang, libFuzzer); ci/fuzz.sh runs it
#
# Missing system packages are installed by ci/install-deps.sh (as root or
# with sudo; otherwise it prints the command to run).

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
SANITIZE ?=

VERSION := 0.1.0
SOVERSION := 0

WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wvla -Wwrite-strings
OPT  ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags libcjson libseccomp 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs libcjson libseccomp 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

# Programs that run inside a sandbox (securer-init, test probes, attacks)
# are never built with sanitizers: the seccomp filter and ASan don't mix.
PLAIN_CFLAGS := $(WARN) $(OPT) -D_GNU_SOURCE
SAN_FLAGS := $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all)
CFLAGS_ALL = $(WARN) $(OPT) -D_GNU_SOURCE -fPIC -Ilib/include -Ilib/src \
             -Iconformance -Ibench -Ilib/tests -Ilib/cli $(PKG_CFLAGS) $(SAN_FLAGS) $(CFLAGS)
LDFLAGS_ALL = $(SAN_FLAGS) $(LDFLAGS)

LIB_SRC := $(wildcard lib/src/*.c)
LIB_OBJ := $(patsubst lib/src/%.c,$(BUILD)/obj/lib/%.o,$(LIB_SRC))
CLI_SRC := $(wildcard lib/cli/*.c)
CLI_OBJ := $(patsubst lib/cli/%.c,$(BUILD)/obj/cli/%.o,$(CLI_SRC))
CONF_SRC := $(wildcard conformance/*.c)
CONF_OBJ := $(patsubst conformance/%.c,$(BUILD)/obj/conformance/%.o,$(CONF_SRC))
BENCH_SRC := $(wildcard bench/*.c)
BENCH_OBJ := $(patsubst bench/%.c,$(BUILD)/obj/bench/%.o,$(BENCH_SRC))
TEST_SRC := $(wildcard lib/tests/test_*.c)
TESTS    := $(patsubst lib/tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_SUPPORT := $(BUILD)/obj/tests/support.o
ATTACK_C := $(wildcard attacks/*/*/attack.c)
ATTACK_BIN := $(patsubst %/attack.c,$(BUILD)/%/attack,$(ATTACK_C))

INIT_BIN  := $(BUILD)/libexec/securer-init
PROBE_BIN := $(BUILD)/tests/probe
CLOCKSHIFT := $(BUILD)/tests/clockshift.so
STATIC_LIB := $(BUILD)/lib/libsecurer.a
SHARED_LIB := $(BUILD)/lib/libsecurer.so.$(VERSION)
CLI := $(BUILD)/bin/securer
DEPS_OK := $(BUILD)/.deps-ok

.PHONY: all check conformance install uninstall clean deps attacks lint \
        lint-attacks format fuzz
.DELETE_ON_ERROR:
# Objects built on the way to a test program are kept, not rebuilt each run.
.SECONDARY:

all: $(CLI) $(SHARED_LIB)

# ---- dependencies -------------------------------------------------------
$(DEPS_OK): ci/install-deps.sh
	@mkdir -p $(@D)
	@ci/install-deps.sh --check-only >/dev/null 2>&1 || ci/install-deps.sh
	@touch $@

deps: $(DEPS_OK)

# ---- library ------------------------------------------------------------
INIT_SRC := lib/runtimes/securer-init.c lib/runtimes/proto_child.c \
            $(wildcard lib/runtimes/init_*.c) \
            $(wildcard lib/runtimes/sh_*.c) \
            $(wildcard lib/runtimes/json_*.c)
$(INIT_BIN): $(INIT_SRC) $(wildcard lib/runtimes/*.h) lib/src/init_abi.h | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(PLAIN_CFLAGS) -Ilib/src -o $@ $(INIT_SRC)

$(BUILD)/obj/lib/helper.o: $(INIT_BIN)
$(BUILD)/obj/lib/helper.o: CFLAGS_ALL += -DSECURER_INIT_PATH='"$(abspath $(INIT_BIN))"'
$(BUILD)/obj/lib/runtime.o: lib/runtimes/securer.py lib/runtimes/securer.R
$(BUILD)/obj/lib/runtime.o: CFLAGS_ALL += -DSECURER_RUNTIMES_DIR='"$(abspath lib/runtimes)"'

$(BUILD)/obj/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/obj/lib/%.o: lib/src/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/obj/cli/%.o: lib/cli/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/obj/bench/%.o: bench/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/obj/conformance/%.o: conformance/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(STATIC_LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(SHARED_LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,libsecurer.so.$(SOVERSION) $(LDFLAGS_ALL) \
	    -o $@ $^ $(PKG_LIBS) -lpthread -lm
	ln -sf libsecurer.so.$(VERSION) $(BUILD)/lib/libsecurer.so.$(SOVERSION)
	ln -sf libsecurer.so.$(VERSION) $(BUILD)/lib/libsecurer.so

# ---- CLI (conformance runner included) ----------------------------------
$(CLI): $(CLI_OBJ) $(CONF_OBJ) $(BENCH_OBJ) $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(CONF_OBJ) $(BENCH_OBJ) $(STATIC_LIB) \
	    $(PKG_LIBS) -lpthread -lm

# ---- attacks ------------------------------------------------------------
$(BUILD)/attacks/%/attack: attacks/%/attack.c $(wildcard attacks/lib/*.h) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(PLAIN_CFLAGS) -Iattacks/lib -o $@ $<

attacks: $(ATTACK_BIN)

# ---- tests --------------------------------------------------------------
$(PROBE_BIN): lib/tests/probe.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(PLAIN_CFLAGS) -o $@ $<

# Runs a command where namespaces cannot be made (Docker's default seccomp
# profile): the landlock tests and ci/userns-denied.sh.
NOUSERNS_BIN := $(BUILD)/tests/nouserns
$(NOUSERNS_BIN): lib/tests/nouserns.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(PLAIN_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

# An LD_PRELOAD shim for test_pool_clock (never instrumented).
$(CLOCKSHIFT): lib/tests/clockshift.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(PLAIN_CFLAGS) -shared -fPIC -o $@ $< -ldl

# Tests of the conformance runner's parts link the runner's objects (not
# its command-line entry) and the option parser.
CONF_TEST_OBJ := $(filter-out $(BUILD)/obj/conformance/runner.o,$(CONF_OBJ)) \
                 $(filter-out $(BUILD)/obj/bench/bench.o $(BUILD)/obj/bench/bench_report.o \
                   $(BUILD)/obj/bench/plot.o,$(BENCH_OBJ)) \
                 $(BUILD)/obj/cli/opt.o
# The report tests share a fixture (lib/tests/conform_runs.c).
CONF_TEST_SUPPORT := $(BUILD)/obj/lib/tests/conform_runs.o
$(BUILD)/tests/test_conform_%: $(BUILD)/obj/lib/tests/test_conform_%.o \
                               $(TEST_SUPPORT) $(CONF_TEST_SUPPORT) \
                               $(CONF_TEST_OBJ) $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lpthread -lm

$(BUILD)/tests/test_%: $(BUILD)/obj/lib/tests/test_%.o $(TEST_SUPPORT) $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lpthread -lm

$(BUILD)/obj/tests/support.o: lib/tests/support.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

check: $(TESTS) $(PROBE_BIN) $(NOUSERNS_BIN) $(CLOCKSHIFT) $(CLI) $(ATTACK_BIN)
	@SECURER_BUILD=$(abspath $(BUILD)) lib/tests/run.sh $(TESTS)

# ---- fuzzing (never part of check) --------------------------------------
# One program from the library sources and the target, all instrumented
# for libFuzzer, ASan and UBSan; built with clang whatever CC is.
FUZZ_CC ?= clang
FUZZ_BIN := $(BUILD)/fuzz/fuzz_proto
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all -fno-omit-frame-pointer
$(FUZZ_BIN): lib/tests/fuzz_proto.c $(LIB_SRC) $(wildcard lib/src/*.h) \
             lib/include/securer.h $(INIT_BIN) lib/runtimes/securer.py \
             lib/runtimes/securer.R | $(DEPS_OK)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) -D_GNU_SOURCE -Ilib/include -Ilib/src $(PKG_CFLAGS) \
	    $(FUZZ_FLAGS) -DSECURER_INIT_PATH='"$(abspath $(INIT_BIN))"' \
	    -DSECURER_RUNTIMES_DIR='"$(abspath lib/runtimes)"' \
	    -o $@ lib/tests/fuzz_proto.c $(LIB_SRC) $(PKG_LIBS) -lpthread -lm

fuzz: $(FUZZ_BIN)

# ---- conformance --------------------------------------------------------
# The matrix on the terminal; report.json, report.xml and summary.md in
# $(BUILD)/report.  CONFORM_FLAGS adds options (--jobs 1, --baseline F...).
conformance: $(CLI) $(ATTACK_BIN)
	$(CLI) conform --attacks-dir attacks --build-dir $(BUILD) \
	    --report-dir $(BUILD)/report --bench $(CONFORM_FLAGS)

# Every attack has its metadata, files and an expectation per backend.
lint-attacks: $(CLI)
	$(CLI) conform --lint --attacks-dir attacks --build-dir $(BUILD)

# ---- install ------------------------------------------------------------
$(BUILD)/securer.pc: securer.pc.in
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

install: all $(STATIC_LIB) $(BUILD)/securer.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/include
	install -m 0755 $(CLI) $(DESTDIR)$(PREFIX)/bin/securer
	install -m 0644 lib/include/securer.h $(DESTDIR)$(PREFIX)/include/
	install -m 0644 $(STATIC_LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 0755 $(SHARED_LIB) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libsecurer.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libsecurer.so.$(SOVERSION)
	ln -sf libsecurer.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libsecurer.so
	install -m 0644 $(BUILD)/securer.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/securer $(DESTDIR)$(PREFIX)/include/securer.h \
	    $(DESTDIR)$(PREFIX)/lib/libsecurer.a $(DESTDIR)$(PREFIX)/lib/libsecurer.so* \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig/securer.pc

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(CONF_OBJ:.o=.d) $(BENCH_OBJ:.o=.d) \
         $(patsubst lib/tests/%.c,$(BUILD)/obj/lib/tests/%.d,$(TEST_SRC)) \
         $(TEST_SUPPORT:.o=.d) $(CONF_TEST_SUPPORT:.o=.d)
