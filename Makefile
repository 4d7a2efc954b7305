# securer - build, tests, conformance, install.
#
#   make                 library, CLI
#   make check           unit and integration tests (cmocka)
#   make conformance     every attack under every backend: a matrix, and
#                        reports in build/report (report.json, .xml, .md)
#   make lint            cppcheck over every C folder, check-layers and
#                        format-check
#   make check-layers    includes run one way (ci/layers.sh; make check too)
#   make format          rewrite the C files as .clang-format says
#   make format-check    fail on any difference from .clang-format
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

# Includes run one way (docs: README "Layout"): each folder is given the
# include paths of the layers below it and its own, nothing else, so an
# upward include does not compile; `make check-layers` checks these paths
# against the rule in ci/layers.sh.
#   library          lib/include, lib/src and lib/src/harness (lib/runtimes:
#                    its own folder and lib/src, for init_abi.h)
#   library tests    + lib/tests, lib/tests/common
#   common tests     lib/include, lib/tests/common (public API only)
#   conformance      lib/include, lib/src/harness (the one narrow internal
#   bench            header), its entry header's folder and its own
#   conformance's    lib/include, conformance's headers, conformance/tests,
#   tests            lib/tests/common (not even the narrow internal header)
#   CLI              lib/include, the entry headers of conformance and bench
#   CLI's tests      the CLI's paths, lib/cli/tests and lib/tests/common
#   soak             lib/include and its own folder (make soak)
#   R package glue   lib/include and R's headers (lib/r/src; make r-package)
INC_LIB       := -Ilib/include -Ilib/src -Ilib/src/harness
INC_RUNTIMES  := -Ilib/src
INC_LIBTESTS  := $(INC_LIB) -Ilib/tests -Ilib/tests/common
INC_COMMON    := -Ilib/include -Ilib/tests/common
INC_CONF      := -Ilib/include -Ilib/src/harness -Iconformance/include -Iconformance
INC_CONFTESTS := -Ilib/include -Iconformance/include -Iconformance \
                 -Iconformance/tests -Ilib/tests/common
INC_BENCH     := -Ilib/include -Ilib/src/harness -Ibench/include -Ibench
INC_CLI       := -Ilib/include -Iconformance/include -Ibench/include -Ilib/cli
INC_SOAK      := -Ilib/include -Ibench/soak
INC_CLITESTS  := $(INC_CLI) -Ilib/cli/tests -Ilib/tests/common
INC_ATTACKS   := -Iattacks/lib

CFLAGS_ALL = $(WARN) $(OPT) -D_GNU_SOURCE -fPIC $(INC) $(PKG_CFLAGS) \
             $(SAN_FLAGS) $(CFLAGS)
LDFLAGS_ALL = $(SAN_FLAGS) $(LDFLAGS)

# Objects mirror their sources: $(BUILD)/obj/<folder>/<name>.o
OBJ = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
LIB_SRC := $(wildcard lib/src/*.c)
PUBLIC_H := $(wildcard lib/include/*.h)
LIB_OBJ := $(call OBJ,$(LIB_SRC))
CLI_SRC := $(wildcard lib/cli/*.c)
CLI_OBJ := $(call OBJ,$(CLI_SRC))
CONF_SRC := $(wildcard conformance/*.c)
CONF_OBJ := $(call OBJ,$(CONF_SRC))
BENCH_SRC := $(wildcard bench/*.c)
BENCH_OBJ := $(call OBJ,$(BENCH_SRC))
TEST_SRC := $(wildcard lib/tests/test_*.c)
CLI_TEST_SRC := $(wildcard lib/cli/tests/test_*.c)
CONF_TEST_SRC := $(wildcard conformance/tests/test_*.c)
TESTS    := $(patsubst lib/tests/%.c,$(BUILD)/tests/%,$(TEST_SRC)) \
            $(patsubst conformance/tests/%.c,$(BUILD)/tests/%,$(CONF_TEST_SRC)) \
            $(patsubst lib/cli/tests/%.c,$(BUILD)/tests/%,$(CLI_TEST_SRC))
TEST_COMMON := $(call OBJ,lib/tests/common/common.c)
TEST_SUPPORT := $(call OBJ,lib/tests/support.c) $(TEST_COMMON)
# The report tests share a fixture (conformance/tests/conform_runs.c).
CONF_TEST_SUPPORT := $(call OBJ,conformance/tests/conform_runs.c \
                              conformance/tests/oracle_env.c)
ATTACK_C := $(wildcard attacks/*/*/attack.c)
ATTACK_BIN := $(patsubst %/attack.c,$(BUILD)/%/attack,$(ATTACK_C))
# The workloads' C versions (conformance/workloads, docs/workloads.md).
WORKLOAD_C := $(wildcard conformance/workloads/*/*/workload.c)
WORKLOAD_BIN := $(patsubst conformance/workloads/%/workload.c,$(BUILD)/workloads/%/workload,$(WORKLOAD_C))

INIT_BIN  := $(BUILD)/libexec/securer-init
PROBE_BIN := $(BUILD)/tests/probe
CLOCKSHIFT := $(BUILD)/tests/clockshift.so
STATIC_LIB := $(BUILD)/lib/libsecurer.a
CONF_LIB  := $(BUILD)/lib/libconform.a
BENCH_LIB := $(BUILD)/lib/libbench.a
SHARED_LIB := $(BUILD)/lib/libsecurer.so.$(VERSION)
CLI := $(BUILD)/bin/securer
DEPS_OK := $(BUILD)/.deps-ok

.PHONY: all check programs check-layers conformance install uninstall clean deps \
        attacks lint lint-cppcheck lint-attacks format format-check fuzz
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
# securer-init is every run's first program (the reaper of a none or
# landlock run, pid 1 under bwrap): linked statically against musl
# (musl-tools, ci/install-deps.sh), its exec takes about 0.1 ms where a
# dynamic glibc program's takes 0.5 ms and a static glibc one's 0.4 ms
# (docs/bench.md).  musl's headers have no kernel headers beside them:
# $(MUSL_INC) links the three folders of the system's.  Without musl-gcc
# it is built with $(CC), dynamically: slower to start, the same program.
# Without its debug information: the library copies the binary into a
# memfd once per process.
MUSL_GCC  ?= $(shell command -v musl-gcc 2>/dev/null)
MULTIARCH := $(shell gcc -print-multiarch 2>/dev/null)
MUSL_INC  := $(BUILD)/musl-include
INIT_CC    = $(if $(MUSL_GCC),$(MUSL_GCC) -static -isystem $(MUSL_INC),$(CC))
$(MUSL_INC):
	@mkdir -p $@
	@ln -sfn /usr/include/linux $@/linux
	@ln -sfn /usr/include/asm-generic $@/asm-generic
	@ln -sfn $(if $(wildcard /usr/include/$(MULTIARCH)/asm),/usr/include/$(MULTIARCH)/asm,/usr/include/asm) $@/asm
$(INIT_BIN): $(INIT_SRC) $(wildcard lib/runtimes/*.h) lib/src/init_abi.h | $(DEPS_OK) $(MUSL_INC)
	@mkdir -p $(@D)
	$(INIT_CC) $(PLAIN_CFLAGS) $(INC_RUNTIMES) -Wl,--strip-debug -o $@ $(INIT_SRC)

$(BUILD)/obj/lib/src/helper.o: $(INIT_BIN)
$(BUILD)/obj/lib/src/helper.o: CFLAGS_ALL += -DSECURER_INIT_PATH='"$(abspath $(INIT_BIN))"'
# The R runtime: its parts joined in name order (lib/runtimes/r/00-runtime.R
# opens the block the others fill and 70-execute.R closes).
R_RUNTIME := $(BUILD)/gen/securer.R
$(R_RUNTIME): $(sort $(wildcard lib/runtimes/r/*.R))
	@mkdir -p $(@D)
	cat $^ > $@
RUNTIME_DEFS = -DSECURER_RUNTIMES_DIR='"$(abspath lib/runtimes)"' \
               -DSECURER_R_RUNTIME='"$(abspath $(R_RUNTIME))"'
$(BUILD)/obj/lib/src/runtime.o: lib/runtimes/securer.py $(R_RUNTIME)
$(BUILD)/obj/lib/src/runtime.o: CFLAGS_ALL += $(RUNTIME_DEFS)
# The Python runtime as the sandbox gets it: securer.py compiled by the
# python3 the sandbox will find (when it is there at build time), then the
# source (lib/runtimes/pyc_pack.py).  Without python3 here: the source
# alone, compiled at each start.
PY_RUNTIME := $(BUILD)/gen/securer.py.bin
RT_PYTHON ?= $(firstword $(wildcard /usr/local/bin/python3 /usr/bin/python3 /bin/python3))
$(PY_RUNTIME): lib/runtimes/securer.py lib/runtimes/pyc_pack.py
	@mkdir -p $(@D)
	$(if $(RT_PYTHON),$(RT_PYTHON) -I -S lib/runtimes/pyc_pack.py $< $@ || ,)cp $< $@
$(BUILD)/obj/lib/src/runtime.o: $(PY_RUNTIME)
$(BUILD)/obj/lib/src/runtime.o: CFLAGS_ALL += -DSECURER_PY_RUNTIME='"$(abspath $(PY_RUNTIME))"'

# Each folder's include paths (see INC_* above); the most specific pattern
# wins, so lib/tests/common is not given lib/tests' paths.
$(BUILD)/obj/lib/src/%.o:           INC = $(INC_LIB)
$(BUILD)/obj/lib/runtimes/%.o:      INC = $(INC_RUNTIMES) -fvisibility=hidden
$(BUILD)/obj/lib/tests/%.o:         INC = $(INC_LIBTESTS)
$(BUILD)/obj/lib/tests/common/%.o:  INC = $(INC_COMMON)
$(BUILD)/obj/conformance/%.o:       INC = $(INC_CONF)
$(BUILD)/obj/conformance/tests/%.o: INC = $(INC_CONFTESTS)
$(BUILD)/obj/bench/%.o:             INC = $(INC_BENCH)
$(BUILD)/obj/lib/cli/%.o:           INC = $(INC_CLI)
$(BUILD)/obj/lib/cli/tests/%.o:     INC = $(INC_CLITESTS)

$(BUILD)/obj/%.o: %.c | $(DEPS_OK)
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

# ---- conformance and bench: libraries over the public API ---------------
$(CONF_LIB): $(CONF_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(BENCH_LIB): $(BENCH_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

# ---- CLI: the only code that parses argv, on top of everything ------------
$(CLI): $(CLI_OBJ) $(CONF_LIB) $(BENCH_LIB) $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(CONF_LIB) $(BENCH_LIB) $(STATIC_LIB) \
	    $(PKG_LIBS) -lpthread -lm

# ---- attacks ------------------------------------------------------------
$(BUILD)/attacks/%/attack: attacks/%/attack.c $(wildcard attacks/lib/*.h) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(PLAIN_CFLAGS) $(INC_ATTACKS) -o $@ $<

# Workloads are plain C, with the math library.
$(BUILD)/workloads/%/workload: conformance/workloads/%/workload.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(PLAIN_CFLAGS) -pthread -o $@ $< -lm

attacks: $(ATTACK_BIN) $(WORKLOAD_BIN)

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

# The conformance tests link the conformance library over libsecurer, and
# share only lib/tests/common with the library's tests.  The schedule's
# test runs stand-in workers: its own __wrap_worker_spawn.
$(BUILD)/tests/test_conform_schedule: LDFLAGS_ALL += -Wl,--wrap=worker_spawn
$(BUILD)/tests/test_conform_%: $(BUILD)/obj/conformance/tests/test_conform_%.o \
                               $(TEST_COMMON) $(CONF_TEST_SUPPORT) \
                               $(CONF_LIB) $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lpthread -lm

$(BUILD)/tests/test_%: $(BUILD)/obj/lib/tests/test_%.o $(TEST_SUPPORT) $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lpthread -lm

# ---- securer mcp: its tests and its fuzzer (docs/mcp.md) -----------------
# The CLI's tests (lib/cli/tests) link the server's parts (lib/cli/mcp_*.c,
# not its command entry) and a raw-stdio client of the built binary
# (mcp_harness.c), over lib/tests/common only.  test_mcp_sdk.sh drives the
# binary with the official MCP TypeScript SDK (node; pinned in
# lib/cli/tests/mcp/package-lock.json).  fuzz_mcp is built and run like
# fuzz_proto (ci/fuzz.sh), never in check.
MCP_OBJ := $(call OBJ,$(wildcard lib/cli/mcp_*.c))
MCP_TEST_SUPPORT := $(call OBJ,lib/cli/tests/mcp_harness.c)
$(BUILD)/tests/test_mcp_%: $(BUILD)/obj/lib/cli/tests/test_mcp_%.o $(TEST_COMMON) \
                           $(MCP_TEST_SUPPORT) $(MCP_OBJ) $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lpthread -lm
TESTS += lib/cli/tests/test_mcp_sdk.sh

FUZZ_MCP_BIN := $(BUILD)/fuzz/fuzz_mcp
FUZZ_MCP_SRC := lib/cli/tests/fuzz_mcp.c $(addprefix lib/cli/,mcp_line.c \
                mcp_text.c mcp_rpc.c mcp_dispatch.c mcp_tools.c mcp_schema.c \
                mcp_describe.c)
$(FUZZ_MCP_BIN): $(FUZZ_MCP_SRC) lib/cli/mcp.h $(LIB_SRC) $(wildcard lib/src/*.h) \
                 $(PUBLIC_H) $(INIT_BIN) $(R_RUNTIME) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) -D_GNU_SOURCE $(INC_LIB) $(INC_CLITESTS) $(PKG_CFLAGS) \
	    $(FUZZ_FLAGS) -DSECURER_INIT_PATH='"$(abspath $(INIT_BIN))"' \
	    $(RUNTIME_DEFS) \
	    -o $@ $(FUZZ_MCP_SRC) $(LIB_SRC) $(PKG_LIBS) -lpthread -lm
fuzz: $(FUZZ_MCP_BIN)
# ---- end of securer mcp -------------------------------------------------

check: check-layers $(TESTS) $(PROBE_BIN) $(NOUSERNS_BIN) $(CLOCKSHIFT) $(CLI) $(ATTACK_BIN) $(WORKLOAD_BIN)
	@SECURER_BUILD=$(abspath $(BUILD)) lib/tests/run.sh $(TESTS)

# ---- layers: includes run one way -------------------------------------------
# ci/layers.sh holds the rule (which folders each layer may include) and
# checks these include paths against it, every include of every file, and
# that a probe including any header above or beside a layer fails to
# compile with its paths.
LAYERS = 'library|$(INC_LIB)' 'runtimes|$(INC_RUNTIMES)' 'library-tests|$(INC_LIBTESTS)' \
          'tests-common|$(INC_COMMON)' 'conformance|$(INC_CONF)' \
          'conformance-tests|$(INC_CONFTESTS)' 'bench|$(INC_BENCH)' \
          'cli|$(INC_CLI)' 'cli-tests|$(INC_CLITESTS)' 'attacks|$(INC_ATTACKS)' \
          'soak|$(INC_SOAK)' 'r-glue|-Ilib/include -Ilib/r/src -isystem $(R_INCLUDE)'
LAYERS_CPPFLAGS = -D_GNU_SOURCE -DSECURER_INIT_PATH=0 -DSECURER_RUNTIMES_DIR=0 \
                  -DSECURER_R_RUNTIME=0 \
                  $(PKG_CFLAGS)

check-layers: | $(DEPS_OK)
	@CC="$(CC)" LAYERS_CPPFLAGS="$(LAYERS_CPPFLAGS)" ci/layers.sh $(BUILD)/layers $(LAYERS)

# ---- fuzzing (never part of check) --------------------------------------
# One program from the library sources and the target, all instrumented
# for libFuzzer, ASan and UBSan; built with clang whatever CC is.
FUZZ_CC ?= clang
FUZZ_BIN := $(BUILD)/fuzz/fuzz_proto
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all -fno-omit-frame-pointer
$(FUZZ_BIN): lib/tests/fuzz_proto.c $(LIB_SRC) $(wildcard lib/src/*.h lib/src/*/*.h) \
             $(PUBLIC_H) $(INIT_BIN) lib/runtimes/securer.py \
             $(R_RUNTIME) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) -D_GNU_SOURCE $(INC_LIB) $(PKG_CFLAGS) \
	    $(FUZZ_FLAGS) -DSECURER_INIT_PATH='"$(abspath $(INIT_BIN))"' \
	    $(RUNTIME_DEFS) \
	    -o $@ lib/tests/fuzz_proto.c $(LIB_SRC) $(PKG_LIBS) -lpthread -lm

fuzz: $(FUZZ_BIN)

# ---- conformance --------------------------------------------------------
# The matrix on the terminal; report.json, report.xml and summary.md in
# $(BUILD)/report.  CONFORM_FLAGS adds options (--jobs 1, --baseline F...).
conformance: $(CLI) $(ATTACK_BIN) $(WORKLOAD_BIN)
	$(CLI) conform --attacks-dir attacks --build-dir $(BUILD) \
	    --report-dir $(BUILD)/report --bench $(CONFORM_FLAGS)

# Every attack has its metadata, files and an expectation per backend; every
# workload its metadata and files.
lint-attacks: $(CLI)
	$(CLI) conform --lint --attacks-dir attacks --build-dir $(BUILD)

# ---- lint and format --------------------------------------------------------
# cppcheck over every C folder, each layer with its own include paths, so
# that it reads the headers the compiler reads; any finding fails.  A false
# positive is suppressed where it is, with the reason:
#   /* cppcheck-suppress <id> ; <why> */
# `make format-check` (in `make lint`) fails on any difference from
# .clang-format; `make format` rewrites the files.
CPPCHECK ?= cppcheck
CPPCHECK_JOBS ?= 2
CPPCHECK_FLAGS := --quiet --error-exitcode=1 --std=c11 \
                  --enable=warning,portability,performance --inline-suppr \
                  --suppress=missingIncludeSystem -j $(CPPCHECK_JOBS) \
                  -D_GNU_SOURCE -DSECURER_INIT_PATH='"securer-init"' \
                  -DSECURER_RUNTIMES_DIR='"lib/runtimes"' \
                  -DSECURER_R_RUNTIME='"build/gen/securer.R"'
CLANG_FORMAT ?= clang-format
FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null || \
                         find lib conformance bench attacks -name '*.[ch]')

lint: check-layers lint-cppcheck format-check

lint-cppcheck: | $(DEPS_OK)
	@echo "cppcheck: lib/src";       $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_LIB) $(LIB_SRC)
	@echo "cppcheck: lib/runtimes";  $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_RUNTIMES) $(wildcard lib/runtimes/*.c)
	@echo "cppcheck: lib/tests";     $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_LIBTESTS) $(wildcard lib/tests/*.c)
	@echo "cppcheck: lib/tests/common"; \
	    $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_COMMON) $(wildcard lib/tests/common/*.c)
	@echo "cppcheck: conformance";   $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_CONF) $(CONF_SRC)
	@echo "cppcheck: conformance/tests"; \
	    $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_CONFTESTS) $(wildcard conformance/tests/*.c)
	@echo "cppcheck: bench";         $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_BENCH) $(BENCH_SRC)
	@echo "cppcheck: bench/soak";    $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_SOAK) $(SOAK_SRC)
	@echo "cppcheck: lib/r/src";     $(CPPCHECK) $(CPPCHECK_FLAGS) -Ilib/include -Ilib/r/src \
	    $(wildcard lib/r/src/*.c)
	@echo "cppcheck: lib/cli";       $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_CLI) $(CLI_SRC)
	@echo "cppcheck: lib/cli/tests"; $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_CLITESTS) \
	    $(CLI_TEST_SRC) lib/cli/tests/mcp_harness.c
	@echo "cppcheck: attacks";       $(CPPCHECK) $(CPPCHECK_FLAGS) $(INC_ATTACKS) $(ATTACK_C)
	@echo "cppcheck: workloads";     $(CPPCHECK) $(CPPCHECK_FLAGS) $(WORKLOAD_C)
	@echo "lint: cppcheck clean"

format: | $(DEPS_OK)
	$(CLANG_FORMAT) -i $(FORMAT_FILES)

format-check: | $(DEPS_OK)
	@$(CLANG_FORMAT) --dry-run --Werror $(FORMAT_FILES) 2>$(BUILD)/format.log || { \
	    echo "format-check: $$(grep -c 'error:' $(BUILD)/format.log) places differ from .clang-format" \
	         "in $$(grep 'error:' $(BUILD)/format.log | cut -d: -f1 | sort -u | wc -l) files" \
	         "(make format rewrites them; the first:)"; \
	    head -n 20 $(BUILD)/format.log; exit 1; }
	@echo "format-check: every C file as .clang-format says"

# ---- fault soak (begin) -------------------------------------------------
# `make soak`: never part of check (docs/bench.md, "Fault soak").  A
# program over the public API only: bench/soak sees lib/include and its
# own folder, nothing else.  Its settings come from the environment
# (make soak SOAK_SECONDS=60 SOAK_SEED=... SOAK_JSON=...; the list is in
# bench/soak/soak_main.c).  Exit status 0 pass, 1 fail, 2 could not run.
SOAK_SRC := $(wildcard bench/soak/*.c)
SOAK_OBJ := $(patsubst bench/soak/%.c,$(BUILD)/obj/soak/%.o,$(SOAK_SRC))
SOAK_BIN := $(BUILD)/bench/soak
SOAK_CFLAGS = $(WARN) $(OPT) -D_GNU_SOURCE $(INC_SOAK) \
              $(PKG_CFLAGS) $(SAN_FLAGS) $(CFLAGS)

.PHONY: soak
$(BUILD)/obj/soak/%.o: bench/soak/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(SOAK_CFLAGS) -MMD -MP -c -o $@ $<

$(SOAK_BIN): $(SOAK_OBJ) $(STATIC_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) -lpthread -lm

soak: $(SOAK_BIN)
	$(SOAK_BIN)

-include $(SOAK_OBJ:.o=.d)
# ---- fault soak (end) ---------------------------------------------------
# Every C program of the tree built, none run: .ci/run builds them with
# clang too (warnings are errors under both compilers).
programs: $(filter-out %.sh,$(TESTS)) $(PROBE_BIN) $(NOUSERNS_BIN) $(CLOCKSHIFT) \
          $(CLI) $(SHARED_LIB) $(ATTACK_BIN) $(WORKLOAD_BIN) $(SOAK_BIN)


# ---- install ------------------------------------------------------------
$(BUILD)/securer.pc: securer.pc.in
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

install: all $(STATIC_LIB) $(BUILD)/securer.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/include
	install -m 0755 $(CLI) $(DESTDIR)$(PREFIX)/bin/securer
	install -m 0644 $(PUBLIC_H) $(DESTDIR)$(PREFIX)/include/
	install -m 0644 $(STATIC_LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 0755 $(SHARED_LIB) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libsecurer.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libsecurer.so.$(SOVERSION)
	ln -sf libsecurer.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libsecurer.so
	install -m 0644 $(BUILD)/securer.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/securer \
	    $(addprefix $(DESTDIR)$(PREFIX)/include/,$(notdir $(PUBLIC_H))) \
	    $(DESTDIR)$(PREFIX)/lib/libsecurer.a $(DESTDIR)$(PREFIX)/lib/libsecurer.so* \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig/securer.pc

clean:
	rm -rf $(BUILD)

-include $(patsubst %.o,%.d,$(LIB_OBJ) $(CLI_OBJ) $(CONF_OBJ) $(BENCH_OBJ) \
           $(TEST_SUPPORT) $(CONF_TEST_SUPPORT) \
           $(call OBJ,$(TEST_SRC) $(CONF_TEST_SRC)))

# ==== R package (lib/r) ====================================================
# Owned by the R package; keep edits inside this block.
#   make r-package   build lib/r against this build tree, install into $(BUILD)/R
#                    (R_LIBS=$(BUILD)/R Rscript -e 'library(securer)')
#   make r-check     its testthat tests (part of make check, except under
#                    sanitizers: R cannot load an instrumented library)
#   make bench-r     the R benchmarks (docs/bench.md)
R_LIB := $(BUILD)/R
R_STAMP := $(R_LIB)/securer/DESCRIPTION
R_SRC := $(shell find lib/r -type f ! -path 'lib/r/src/*.o' ! -path 'lib/r/src/*.so' \
           ! -name Makevars 2>/dev/null)
R_CFLAGS = -I$(abspath lib/include) $(shell pkg-config --cflags libcjson 2>/dev/null)
R_LIBS_LINK = $(abspath $(STATIC_LIB)) $(PKG_LIBS) -lpthread -lm

.PHONY: r-package r-check bench-r
R_INCLUDE = $(shell Rscript -e 'cat(R.home("include"))' 2>/dev/null)
$(R_STAMP): $(STATIC_LIB) $(R_SRC) $(PUBLIC_H)
	@# the glue under the project's warnings too (R builds it with its own)
	for f in lib/r/src/*.c; do \
	    $(CC) $(WARN) -D_GNU_SOURCE -isystem $(R_INCLUDE) -Ilib/include \
	        $(PKG_CFLAGS) -fsyntax-only $$f || exit 1; done
	rm -rf $(BUILD)/r-src && mkdir -p $(BUILD)/r-src $(R_LIB)
	cp -R lib/r $(BUILD)/r-src/securer
	rm -f $(BUILD)/r-src/securer/src/*.o $(BUILD)/r-src/securer/src/*.so \
	    $(BUILD)/r-src/securer/src/Makevars
	SECURER_CFLAGS='$(R_CFLAGS)' SECURER_LIBS='$(R_LIBS_LINK)' \
	    R CMD INSTALL --no-multiarch --library=$(R_LIB) $(BUILD)/r-src/securer \
	    > $(BUILD)/r-install.log 2>&1 || { cat $(BUILD)/r-install.log; exit 1; }
	touch $@

r-package: $(R_STAMP)

r-check: $(R_STAMP)
	R_LIBS=$(abspath $(R_LIB)) SECURER_BUILD=$(abspath $(BUILD)) \
	    Rscript lib/r/tests/run-tests.R lib/r/tests/testthat

ifeq ($(SANITIZE),)
check: r-check
endif

bench-r: $(R_STAMP)
	R_LIBS=$(abspath $(R_LIB)) Rscript lib/r/bench/bench-r.R $(BENCH_R_FLAGS)
# ==== end of the R package block ===========================================
