/*
 * runtime.c - the language runtimes a session can run: how to start each
 * one in the sandbox, and what it needs mounted.
 *
 * The Python and R runtimes (lib/runtimes/securer.py; the parts in
 * lib/runtimes/r/, joined into one file by the Makefile) are embedded in the
 * library and handed to the interpreter on fd 5, which it reads as
 * /proc/self/fd/5: nothing to install, nothing to find.  Python's comes with
 * its code compiled at build time (see python_argv).  The sh runtime is built
 * into securer-init (lib/runtimes/sh_runtime.c).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"

#ifndef SECURER_RUNTIMES_DIR
#error "SECURER_RUNTIMES_DIR must name lib/runtimes"
#endif

/* securer.py as lib/runtimes/pyc_pack.py packs it (the Makefile); the
 * plain source works too (the bootstrap tells them apart). */
#ifndef SECURER_PY_RUNTIME
#define SECURER_PY_RUNTIME SECURER_RUNTIMES_DIR "/securer.py"
#endif

/* The parts in lib/runtimes/r/ joined into one file (the Makefile). */
#ifndef SECURER_R_RUNTIME
#error "SECURER_R_RUNTIME must name the joined R runtime"
#endif

SECURER__EMBED(securer__python_src, SECURER_PY_RUNTIME);
SECURER__EMBED(securer__r_src, SECURER_R_RUNTIME);
extern const unsigned char securer__python_src[], securer__r_src[];
extern const uint64_t securer__python_src_size, securer__r_src_size;

static const char *const sh_argv[] = {"@securer-sh", NULL};
/* -S: site runs after `ready` (securer.py, Runtime.settle).  fd 5 holds
 * securer.py, either its source alone or, first, the magic number of the
 * bytecode it was compiled to at build time (4 bytes, ending in \r\n),
 * its length and the code (lib/runtimes/pyc_pack.py): the code runs when
 * this python3's bytecode has the same magic number, else the source is
 * compiled. */
static const char python_boot[] =
    "import sys\n"
    "with open('/proc/self/fd/5', 'rb') as f:\n"
    "    d = f.read()\n"
    "n = int.from_bytes(d[4:8], 'little') if d[2:4] == b'\\r\\n' else -8\n"
    "if n > 0 and d[:4] == "
    "sys.modules['_frozen_importlib_external'].MAGIC_NUMBER:\n"
    "    import marshal\n"
    "    c = marshal.loads(d[8:8 + n])\n"
    "else:\n"
    "    c = compile(d[8 + n:], '/proc/self/fd/5', 'exec', dont_inherit=True)\n"
    "del sys, f, d, n\n"
    "exec(c)\n";
static const char *const python_argv[] = {"python3", "-I",        "-S",
                                          "-c",      python_boot, NULL};
/* No default packages: the runtime attaches stand-ins after `ready`
 * (lib/runtimes/r/40-packages.R). */
static const char *const r_argv[] = {
    "Rscript", "--vanilla", "--default-packages=NULL", "/proc/self/fd/5", NULL};
static const char *const r_binds[] = {"/etc/R", NULL};
static const char *const none[] = {NULL};

/* Where the default sandbox PATH looks; /usr is mounted as on the host. */
static const char *const search[] = {"/usr/local/bin", "/usr/bin", "/bin"};

static const struct securer__runtime table[SECURER_RUNTIME_COUNT_] = {
    [SECURER_RUNTIME_SH] = {SECURER_RUNTIME_SH, "sh", "sh", sh_argv, NULL, NULL,
                            none, NULL},
    [SECURER_RUNTIME_PYTHON] = {SECURER_RUNTIME_PYTHON, "python", "python3",
                                python_argv, securer__python_src,
                                &securer__python_src_size, none, NULL},
    [SECURER_RUNTIME_R] = {SECURER_RUNTIME_R, "r", "Rscript", r_argv,
                           securer__r_src, &securer__r_src_size, r_binds,
                           "jsonlite"},
};

static const char *const proto_argv[] = {"@securer-proto", NULL};
static const struct securer__runtime proto = {
    SECURER_RUNTIME_COUNT_, "proto", NULL, proto_argv, NULL, NULL, none, NULL};

const struct securer__runtime *securer__runtime_proto(void)
{
	return &proto;
}

const struct securer__runtime *securer__runtime(securer_runtime rt)
{
	return (unsigned)rt < SECURER_RUNTIME_COUNT_ ? &table[rt] : NULL;
}

int securer__runtime_command(securer_runtime rt, const char *const **argv,
                             const unsigned char **source, size_t *source_size)
{
	const struct securer__runtime *r = securer__runtime(rt);

	if (!r)
		return -EINVAL;
	*argv = r->argv;
	*source = r->source;
	*source_size = r->source ? (size_t)*r->source_size : 0;
	return 0;
}

const char *securer_runtime_name(securer_runtime rt)
{
	return (unsigned)rt < SECURER_RUNTIME_COUNT_ ? table[rt].name
	                                             : "unknown";
}

int securer_runtime_from_name(const char *name, securer_runtime *out)
{
	for (int i = 0; name && i < SECURER_RUNTIME_COUNT_; i++)
		if (strcmp(name, table[i].name) == 0 ||
		    (i == SECURER_RUNTIME_R && strcmp(name, "R") == 0)) {
			*out = (securer_runtime)i;
			return 0;
		}
	return -EINVAL;
}

static int r_package(const char *pkg)
{
	static const char *const libs[] = {
	    "/usr/lib/R/site-library",
	    "/usr/lib/R/library",
	    "/usr/local/lib/R/site-library",
	};
	char path[256];

	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/DESCRIPTION", libs[i], pkg);
		if (access(path, R_OK) == 0)
			return 0;
	}
	return -ENOENT;
}

int securer_runtime_probe(securer_runtime rt, char *reason, size_t size)
{
	const struct securer__runtime *r = securer__runtime(rt);
	bool found = false;

	if (!r) {
		snprintf(reason, size, "unknown runtime");
		return -EINVAL;
	}
	for (size_t i = 0; i < sizeof(search) / sizeof(search[0]) && !found;
	     i++) {
		char path[256];

		snprintf(path, sizeof(path), "%s/%s", search[i],
		         r->interpreter);
		found = access(path, X_OK) == 0;
	}
	if (!found) {
		snprintf(reason, size,
		         "%s is not installed in /usr (the sandbox "
		         "mounts /usr): install %s",
		         r->interpreter,
		         rt == SECURER_RUNTIME_R ? "r-base-core" : "python3");
		return -ENOENT;
	}
	for (size_t i = 0; r->binds[i]; i++)
		if (access(r->binds[i], R_OK) < 0) {
			snprintf(reason, size, "%s needs %s, which is missing",
			         r->name, r->binds[i]);
			return -ENOENT;
		}
	if (r->r_package && r_package(r->r_package) < 0) {
		snprintf(reason, size,
		         "the R package %s is not installed "
		         "(r-cran-%s)",
		         r->r_package, r->r_package);
		return -ENOENT;
	}
	snprintf(reason, size, "%s is installed", r->interpreter);
	return 0;
}
