/*
 * securer.h - run untrusted code in an OS sandbox (public API, version 0).
 *
 * The layers, top to bottom:
 *
 *   securer_policy   plain data: files, network, environment, limits, syscalls.
 *                    Every default denies.  Loadable from JSON.
 *   securer_backend  how a policy is enforced: bwrap (namespaces + seccomp +
 *                    rlimits) or none (environment scrub + rlimits only,
 *                    "unsandboxed").  AUTO picks the strongest that works and
 *                    never picks none.
 *   securer_sandbox  one confined command: start it with given stdio and extra
 *                    fds, wait for it with a deadline, kill it and everything
 *                    it started.
 *
 * Conventions:
 *   - Every int-returning call returns 0 (or a documented non-negative value)
 *     on success and a negative errno value on failure.  Objects that can fail
 *     keep a per-handle message, read with securer_*_error(); the message
 *     stays valid until the next call on that handle.
 *   - Objects are opaque, made with *_new and released with *_free; every
 *     *_free accepts NULL.
 *   - Strings passed in are copied unless a comment says otherwise.
 *   - The library never prints, never exits and never installs signal
 *     handlers.  It is safe to use from several threads as long as each
 *     handle is used by one thread at a time.
 */
#ifndef SECURER_H
#define SECURER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SECURER_VERSION_MAJOR 0
#define SECURER_VERSION_MINOR 1
#define SECURER_VERSION_PATCH 0

/* "0.1.0": the version of the library actually linked. */
const char *securer_version(void);

/* Milliseconds on CLOCK_MONOTONIC: the clock every deadline below uses. */
int64_t securer_monotonic_ms(void);

/* ------------------------------------------------------------------------
 * Policy
 * ------------------------------------------------------------------------ */

typedef struct securer_policy securer_policy;

typedef enum securer_net {
	SECURER_NET_NONE =
	    0, /* no network: own namespace, only AF_UNIX sockets */
	SECURER_NET_LOOPBACK, /* own namespace with a private loopback */
	SECURER_NET_HOST,     /* the host's network: a deliberate weakening */
} securer_net;

/* Limits.  Sizes in bytes, times as named.  0 means "no limit" and must be
 * set explicitly; every default is a real limit (see docs/policy.md). */
typedef enum securer_limit {
	SECURER_LIMIT_CPU_SECONDS = 0, /* RLIMIT_CPU, default 60 */
	SECURER_LIMIT_ADDRESS_SPACE,   /* RLIMIT_AS, default 1 GiB */
	SECURER_LIMIT_FILE_SIZE,       /* RLIMIT_FSIZE, default 64 MiB */
	SECURER_LIMIT_OPEN_FILES,      /* RLIMIT_NOFILE, default 256 */
	SECURER_LIMIT_PROCESSES, /* RLIMIT_NPROC and pids cgroup, default 256 */
	SECURER_LIMIT_CORE,      /* RLIMIT_CORE, default 0 (no core dumps) */
	SECURER_LIMIT_TMPFS,     /* size of the private /tmp, default 64 MiB */
	SECURER_LIMIT_TIMEOUT_MS, /* wall clock per run/execute, default 30000
	                           */
	SECURER_LIMIT_OUTPUT,     /* captured bytes per stream, default 1 MiB */
	SECURER_LIMIT_MESSAGE,    /* protocol message bytes, default 1 MiB */
	SECURER_LIMIT_TOOL_CALLS, /* tool calls per execute, default 1000 */
	SECURER_LIMIT_COUNT_
} securer_limit;

/* A policy holding every default.  NULL only when out of memory. */
securer_policy *securer_policy_new(void);
/* A deep copy; NULL only when out of memory. */
securer_policy *securer_policy_dup(const securer_policy *policy);
void securer_policy_free(securer_policy *policy);
/* Why the last failing call on |policy| failed. */
const char *securer_policy_error(const securer_policy *policy);

/* Applies the keys of a JSON policy over the current values.  Unknown keys,
 * wrong types and out-of-range values are errors (-EINVAL) whose message
 * names the key; on error |policy| is left unchanged. */
int securer_policy_load_json(securer_policy *policy, const char *json);
int securer_policy_load_file(securer_policy *policy, const char *path);
/* The whole policy as JSON text, every key present.  Caller frees with
 * free().  NULL only when out of memory. */
char *securer_policy_to_json(const securer_policy *policy);

int securer_policy_set_network(securer_policy *policy, securer_net net);
securer_net securer_policy_network(const securer_policy *policy);

/* -EINVAL when |value| is negative or out of range for |which| (byte
 * limits go up to 2^53, the largest integer JSON carries exactly). */
int securer_policy_set_limit(securer_policy *policy, securer_limit which,
                             int64_t value);
int64_t securer_policy_limit(const securer_policy *policy, securer_limit which);
/* "cpu_seconds", ... : the JSON key of a limit (without "limits."). */
const char *securer_limit_name(securer_limit which);

/* Whether the standard read-only system set (/usr, the /bin /lib /lib64 /sbin
 * links or dirs, /etc/ld.so.cache, /etc/alternatives, /etc/localtime) is
 * mounted.  Default 1. */
int securer_policy_set_system_files(securer_policy *policy, int enabled);

/* Make host path |src| visible at |dst| (NULL: same path) inside the sandbox,
 * read-only or writable.  |src| must exist; it is resolved to an absolute
 * path now, so a symlink swapped in later cannot redirect the mount.
 * |dst| must be absolute. */
int securer_policy_add_ro_bind(securer_policy *policy, const char *src,
                               const char *dst);
int securer_policy_add_rw_bind(securer_policy *policy, const char *src,
                               const char *dst);

/* Set |name| to |value| in the sandbox environment (NULL |value| removes it).
 * The environment starts empty; the defaults are PATH, HOME=/tmp,
 * TMPDIR=/tmp, LANG=C.UTF-8 and TZ=UTC. */
int securer_policy_set_env(securer_policy *policy, const char *name,
                           const char *value);
/* Copy caller variables whose names match the fnmatch(3) |pattern| into the
 * sandbox environment, overriding set values.  Default: none.  "*" passes
 * the whole environment: a deliberate weakening. */
int securer_policy_pass_env(securer_policy *policy, const char *pattern);

/* Working directory inside the sandbox; absolute.  Default /tmp. */
int securer_policy_set_cwd(securer_policy *policy, const char *dir);

/* Deny one more syscall (by name, with EPERM) on top of the built-in table.
 * -EINVAL when libseccomp does not know |name|. */
int securer_policy_deny_syscall(securer_policy *policy, const char *name);

/* Writes the seccomp filter |policy| yields, as the classic BPF program
 * bwrap loads with --seccomp, to |fd| (for audits and benchmarks). */
int securer_policy_export_seccomp(securer_policy *policy, int fd);

/* ------------------------------------------------------------------------
 * Backends
 * ------------------------------------------------------------------------ */

typedef enum securer_backend {
	SECURER_BACKEND_AUTO = 0,
	SECURER_BACKEND_BWRAP,
	SECURER_BACKEND_NONE,
	SECURER_BACKEND_COUNT_
} securer_backend;

/* "auto", "bwrap", "none". */
const char *securer_backend_name(securer_backend backend);
/* -EINVAL for an unknown name. */
int securer_backend_from_name(const char *name, securer_backend *out);
/* 1 when |backend| confines a process (bwrap), 0 for none and auto. */
int securer_backend_is_sandbox(securer_backend backend);

/* Can |backend| confine a process under |policy| here, right now?  Runs
 * `true` under the real policy.  0 when it can; otherwise a negative errno
 * and the exact reason in |reason| (NUL-terminated, truncated to
 * |reason_size|).  AUTO probes what AUTO would pick. */
int securer_backend_probe(securer_backend backend, const securer_policy *policy,
                          char *reason, size_t reason_size);

/* ------------------------------------------------------------------------
 * Sandbox: one confined command
 * ------------------------------------------------------------------------ */

typedef struct securer_sandbox securer_sandbox;

/* Extra descriptor for the child: |parent_fd| appears as |child_fd| (>= 3). */
typedef struct securer_fd_map {
	int parent_fd;
	int child_fd;
} securer_fd_map;

typedef struct securer_start_opts {
	int stdin_fd;              /* -1: /dev/null */
	int stdout_fd;             /* -1: /dev/null */
	int stderr_fd;             /* -1: /dev/null */
	const securer_fd_map *fds; /* not copied; read during start only */
	size_t n_fds;
	/* The environment that env.pass patterns read from; NULL: environ.
	 * Nothing of it reaches the child unless the policy passes it. */
	char *const *caller_env;
} securer_start_opts;

/* Fills |opts| with the defaults: all stdio on /dev/null, no extra fds. */
void securer_start_opts_init(securer_start_opts *opts);

typedef struct securer_status {
	int exited; /* 1: exit_code is valid; 0: killed by term_signal */
	int exit_code;
	int term_signal;
	int timed_out; /* set by securer_sandbox_wait when it killed the run */
	int64_t max_rss_kb; /* largest resident set of any process of the run */
	int64_t duration_ms;
} securer_status;

/* Copies |policy|; |backend| may be AUTO.  NULL only when out of memory. */
securer_sandbox *securer_sandbox_new(const securer_policy *policy,
                                     securer_backend backend);

/* Starts argv[0] (looked up on the sandbox PATH) inside the sandbox and
 * returns once the confinement is in place and the command is being
 * executed.  On error nothing of argv ran:
 *   -ENOENT   the backend's tool (bwrap) is missing
 *   -EPERM    the backend cannot confine here (the message says why)
 *   -EINVAL   bad argv, options or policy
 *   -ETIMEDOUT the sandbox did not come up within the policy timeout
 * May be called once per sandbox. */
int securer_sandbox_start(securer_sandbox *sb, const char *const argv[],
                          const securer_start_opts *opts);

/* The backend in use (after start, AUTO is resolved). */
securer_backend securer_sandbox_backend(const securer_sandbox *sb);
/* A pidfd that becomes readable when the run ends, for the caller's own
 * poll loop; -1 before start.  Owned by |sb|. */
int securer_sandbox_pidfd(const securer_sandbox *sb);
/* Host pid of the sandbox's top process (bwrap or the reaper). */
pid_t securer_sandbox_pid(const securer_sandbox *sb);

/* Waits until the run ends or |deadline_ms| (securer_monotonic_ms() clock;
 * negative: no deadline) passes.  When the run ends, every process of it is
 * gone, |status| is filled and 0 returned.  Exec failures of argv[0] inside
 * the sandbox return -ENOENT/-EACCES/... with the message.  -ETIMEDOUT when
 * the deadline passed (the run is still going: call securer_sandbox_kill),
 * -EINTR when a signal handler of the caller ran. */
int securer_sandbox_wait(securer_sandbox *sb, int64_t deadline_ms,
                         securer_status *status);

/* Kills the run and everything it started, including daemons that left its
 * process group, and reaps them.  When it returns 0 nothing of the run is
 * left.  Harmless after the run ended. */
int securer_sandbox_kill(securer_sandbox *sb);

const char *securer_sandbox_error(const securer_sandbox *sb);

/* Kills the run if still going and releases everything. */
void securer_sandbox_free(securer_sandbox *sb);

/* Convenience: wait with the policy's timeout, kill on timeout (setting
 * status->timed_out).  Returns what securer_sandbox_wait returns, except
 * that a timeout is reported through |status| with 0. */
int securer_sandbox_run_to_end(securer_sandbox *sb, int64_t deadline_ms,
                               securer_status *status);

/* ------------------------------------------------------------------------
 * Doctor
 * ------------------------------------------------------------------------ */

/* A JSON report of what this machine offers: every backend's probe with its
 * reason, kernel features (user namespaces, AppArmor restriction, seccomp,
 * Landlock ABI, cgroups and their delegation), tool and library versions.
 * |policy| may be NULL (defaults).  Caller frees *json_out with free(). */
int securer_doctor_json(const securer_policy *policy, char **json_out);

#ifdef __cplusplus
}
#endif

#endif /* SECURER_H */
