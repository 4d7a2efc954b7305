/*
 * securer.h - run untrusted code in an OS sandbox (public API, version 0).
 *
 * The layers, top to bottom:
 *
 *   securer_policy   plain data: files, network, environment, limits, syscalls.
 *                    Every default denies.  Loadable from JSON.
 *   securer_backend  how a policy is enforced: bwrap (namespaces + seccomp +
 *                    rlimits), landlock (Landlock + seccomp + rlimits, for
 *                    where user namespaces are denied) or none (environment
 *                    scrub + rlimits only, "unsandboxed").  AUTO tries bwrap,
 *                    then landlock, and never picks none.
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
	SECURER_LIMIT_STACK,      /* RLIMIT_STACK, default 8 MiB */
	SECURER_LIMIT_MEMORY, /* the run's processes together (memory cgroup,
	                         swap included), default 1 GiB */
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

/* Whether the `.git` of every writable bind (a git working copy's
 * repository: its hooks, config, commondir...) is mounted read-only on top
 * of it, so sandboxed code can edit the working copy but not plant what the
 * user's next git command would run; the same for the submodules its index
 * records, whose directories are pinned in place (docs/policy.md).  A
 * `.git` that is a symlink, or an index that cannot be read, makes the
 * start fail.  Backends without mounts (none) cannot apply it.  Default 1. */
int securer_policy_set_protect_git(securer_policy *policy, int enabled);
/* Whether files.protect_git keeps |rel| read-only in a writable bind of
 * the directory open at |dirfd|: a path at or below a `.git`, the git
 * directory a `.git` pointer names, a submodule's (as a start would mount
 * them).  |rel| is relative to that directory ("." and ".." components are
 * resolved by name; above the top is -EXDEV).  1 protected, 0 not, or a
 * negative errno when a start would fail there (a `.git` that is a
 * symlink, an unreadable index): callers refuse then too.  For code that
 * writes into a bind from the host (the MCP server's upload_file), which
 * must keep the promise itself; it does not cover a `.git` made anew. */
int securer_git_protected(int dirfd, const char *rel);

/* Make host path |src| visible at |dst| (NULL: same path) inside the sandbox,
 * read-only or writable.  |src| must exist; it is resolved to an absolute
 * real path now, and opened without following symlinks when a sandbox
 * starts: a symlink swapped in later (for |src| or a directory above it)
 * makes that start fail rather than redirect the mount.  |dst| must be
 * absolute. */
int securer_policy_add_ro_bind(securer_policy *policy, const char *src,
                               const char *dst);
int securer_policy_add_rw_bind(securer_policy *policy, const char *src,
                               const char *dst);
/* The same from the text "SRC" or "SRC:DST" (split at the first ':', so a
 * SRC holding ':' needs the calls above), as the policy file's
 * files.ro_binds / files.rw_binds and the CLI's --ro-bind / --bind take
 * it.  -EINVAL for an empty spec, SRC or DST. */
int securer_policy_add_bind_spec(securer_policy *policy, const char *spec,
                                 int writable);

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
	/* No namespaces: Landlock (ABI >= 6, Linux 6.12) + seccomp + rlimits
	 * + a private directory.  Refuses, naming the key, what it cannot
	 * express (a bind at another path, network loopback...): see
	 * docs/backends.md. */
	SECURER_BACKEND_LANDLOCK,
	SECURER_BACKEND_COUNT_
} securer_backend;

/* "auto", "bwrap", "none", "landlock". */
const char *securer_backend_name(securer_backend backend);
/* -EINVAL for an unknown name. */
int securer_backend_from_name(const char *name, securer_backend *out);
/* 1 when |backend| confines a process (bwrap, landlock), 0 for none and
 * auto. */
int securer_backend_is_sandbox(securer_backend backend);

/* The kernel's Landlock ABI version (>= 1); or a negative errno (-ENOSYS:
 * no Landlock, -EOPNOTSUPP: disabled at boot) and the reason in |reason|.
 * The landlock backend needs at least SECURER_LANDLOCK_MIN_ABI (Linux
 * 6.12: signal scoping). */
#define SECURER_LANDLOCK_MIN_ABI 6
int securer_landlock_abi(char *reason, size_t reason_size);

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
	/* How long the sandbox may take to start (its launcher ready to run
	 * the program); 0: the policy's timeout. */
	int64_t start_timeout_ms;
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
	/* Processes of the run the kernel killed at limits.memory_bytes (its
	 * memory cgroup's OOM killer); 0 without one. */
	int64_t memory_oom_kills;
} securer_status;

/* Copies |policy|; |backend| may be AUTO.  NULL only when out of memory. */
securer_sandbox *securer_sandbox_new(const securer_policy *policy,
                                     securer_backend backend);

/* Starts argv[0] (looked up on the sandbox PATH) inside the sandbox and
 * returns once the confinement is in place and the command is being
 * executed.  AUTO starts bwrap, and when bwrap cannot confine here
 * (-ENOENT, -EPERM below) landlock; the error then gives both reasons.
 * On error nothing of argv ran:
 *   -ENOENT   the backend's tool (bwrap) is missing
 *   -EPERM    the backend cannot confine here (the message says why)
 *   -EINVAL   bad argv, options or policy
 *   -ETIMEDOUT the sandbox did not come up within the policy timeout
 * May be called once per sandbox.
 * Under none and landlock, from a thread's second start on, the library
 * keeps the next run's reaper started and waiting: one idle child process
 * ("securer-init -W 3") per thread and backend, which ends with the thread
 * or the process (docs/backends.md, "The reaper, and the spare"). */
int securer_sandbox_start(securer_sandbox *sb, const char *const argv[],
                          const securer_start_opts *opts);

/* Ends the calling thread's spare reapers now (killed and reaped): for a
 * caller about to wait for every child it has, or to fork without them,
 * and after the caller put itself in a Landlock domain (the one change of
 * its state a start cannot see: a spare made before would be outside it).
 * Its next starts make them again, from the second on. */
void securer_spares_release(void);

/* The backend in use (after start, AUTO is resolved). */
securer_backend securer_sandbox_backend(const securer_sandbox *sb);
/* Why AUTO passed over bwrap, when it picked landlock ("bwrap cannot
 * create the sandbox: ..."); "" otherwise.  Valid until |sb| is freed. */
const char *securer_sandbox_auto_reason(const securer_sandbox *sb);
/* After start, and after the run's end: 1 when limits.memory_bytes caps
 * the run's processes together (its memory cgroup); 0 when each process
 * is capped alone (limits.address_space_bytes), with the reason in |why|. */
int securer_sandbox_memory_capped(const securer_sandbox *sb, char *why,
                                  size_t why_size);
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
 * left.  -ETIMEDOUT when that cannot be shown: the none backend's reaper
 * did not kill the tree within 5 s (it was stopped, say) and the run had
 * no cgroup (pids or memory) to find its orphans by, or it did not empty; the
 * message says which.  Harmless after the run ended (0). */
int securer_sandbox_kill(securer_sandbox *sb);

const char *securer_sandbox_error(const securer_sandbox *sb);

/* Kills the run if still going and releases everything. */
void securer_sandbox_free(securer_sandbox *sb);

/* Convenience: wait with the policy's timeout, kill on timeout (setting
 * status->timed_out).  Returns what securer_sandbox_wait returns, except
 * that a timeout is reported through |status| with 0, or with what
 * securer_sandbox_kill returned when the kill could not show the run
 * gone. */
int securer_sandbox_run_to_end(securer_sandbox *sb, int64_t deadline_ms,
                               securer_status *status);

/* ------------------------------------------------------------------------
 * Tools: host functions the sandboxed code can call
 * ------------------------------------------------------------------------ */

typedef enum securer_type {
	SECURER_TYPE_STRING = 0,
	SECURER_TYPE_NUMBER,
	SECURER_TYPE_INTEGER, /* a number with an integral value, |x| <= 2^53 */
	SECURER_TYPE_BOOLEAN,
	SECURER_TYPE_OBJECT,
	SECURER_TYPE_ARRAY,
	SECURER_TYPE_COUNT_
} securer_type;

/* "string", "number", ... */
const char *securer_type_name(securer_type type);
int securer_type_from_name(const char *name, securer_type *out);

typedef struct securer_tool_arg {
	const char *name; /* an identifier */
	securer_type type;
	const char *description; /* may be NULL */
} securer_tool_arg;

/* A tool's implementation.  |args_json| is a JSON object holding exactly the
 * tool's declared arguments, each of its declared type: the library checked
 * them before the call.  Return 0 and set *result_json to a malloc'd JSON
 * text (the tool's value), or return non-zero and set *error to a malloc'd
 * message (or leave it NULL).  The library frees both.  Runs on the thread
 * that called securer_session_execute, while the sandboxed code waits. */
typedef int (*securer_tool_fn)(void *userdata, const char *args_json,
                               char **result_json, char **error);

typedef struct securer_tools securer_tools;

securer_tools *securer_tools_new(void);
void securer_tools_free(securer_tools *tools);
const char *securer_tools_error(const securer_tools *tools);

/* Registers a tool.  Copies |name|, |description| and |args|; |userdata| is
 * passed to |fn| and not owned.  -EINVAL for a name that is not an
 * identifier or is reserved in a runtime (if, function, TRUE, ...), a
 * duplicate name, or a bad argument list; -EEXIST for a duplicate tool. */
int securer_tools_add(securer_tools *tools, const char *name,
                      const char *description, const securer_tool_arg *args,
                      size_t n_args, securer_tool_fn fn, void *userdata);

/* Adds the tools of a manifest file (docs/tools.md): each runs a command on
 * the host with its arguments as one JSON object on stdin; its stdout is the
 * JSON result; a non-zero exit is a tool error carrying its stderr.  Unknown
 * keys are errors naming the key. */
int securer_tools_load_manifest(securer_tools *tools, const char *path);

size_t securer_tools_count(const securer_tools *tools);

/* Calls tool |name| on the caller's thread, as a call from sandboxed code
 * would be: the same checks of the name and of every argument's name and
 * type first, then the tool's function.  |args_json| is a JSON object.
 * Returns 0 and sets *result_json to the tool's value as JSON text.  On
 * failure sets *error to the reason and returns -ENOENT (no such tool) or
 * -EINVAL (|args_json| is not an object of the tool's arguments), before
 * anything ran, or -EIO (the tool ran and failed: *error is its message).
 * The caller frees *result_json and *error with free(); both may be left
 * NULL when out of memory (-ENOMEM).  Touches nothing of |tools| but the
 * tool's own userdata, so threads may call it at once when the tools'
 * functions allow it (a manifest's commands do). */
int securer_tools_call(const securer_tools *tools, const char *name,
                       const char *args_json, char **result_json, char **error);

/* The tool definitions as the JSON an LLM API takes, |format| "openai" or
 * "anthropic", followed by an "execute_code" tool that runs code of
 * |runtime| ("sh", "python", "r") in the session.  Caller frees. */
char *securer_tools_schema(const securer_tools *tools, const char *format,
                           const char *runtime);

/* ------------------------------------------------------------------------
 * Sessions: a persistent sandboxed interpreter that executes code
 * ------------------------------------------------------------------------ */

typedef enum securer_runtime {
	SECURER_RUNTIME_SH = 0,
	SECURER_RUNTIME_PYTHON,
	SECURER_RUNTIME_R,
	SECURER_RUNTIME_COUNT_
} securer_runtime;

/* "sh", "python", "r" */
const char *securer_runtime_name(securer_runtime runtime);
int securer_runtime_from_name(const char *name, securer_runtime *out);
/* 0 when |runtime|'s interpreter is installed here; otherwise -ENOENT and
 * the reason. */
int securer_runtime_probe(securer_runtime runtime, char *reason,
                          size_t reason_size);

typedef enum securer_error_kind {
	SECURER_ERROR_NONE = 0,
	SECURER_ERROR_SYNTAX,      /* the code does not parse; nothing ran */
	SECURER_ERROR_RUNTIME,     /* the code raised an error */
	SECURER_ERROR_TIMEOUT,     /* the execute's deadline passed */
	SECURER_ERROR_KILLED,      /* the runtime died (signal, crash, exit) */
	SECURER_ERROR_LIMIT,       /* a limit: tool calls, memory, recursion */
	SECURER_ERROR_PROTOCOL,    /* the runtime broke the protocol */
	SECURER_ERROR_INTERRUPTED, /* securer_session_interrupt stopped it */
	SECURER_ERROR_COUNT_
} securer_error_kind;

/* "none", "syntax", "runtime", "timeout", "killed", "limit", "protocol",
 * "interrupted" */
const char *securer_error_kind_name(securer_error_kind kind);

typedef struct securer_session_opts {
	securer_backend backend; /* default AUTO */
	/* Path of a JSON-lines audit log, appended to (created 0600); NULL:
	 * none.  Events: session_start, execute_start, tool_call,
	 * tool_result, execute_end, timeout, crash, interrupted,
	 * session_close. */
	const char *audit_log;
	/* Human-readable progress lines (starting, restarting, tool calls);
	 * NULL: none.  Called on the session's thread. */
	void (*log)(void *userdata, const char *line);
	void *log_userdata;
} securer_session_opts;

void securer_session_opts_init(securer_session_opts *opts);

typedef struct securer_session securer_session;

/* Copies |policy| (NULL: the defaults), |tools| (may be NULL; the
 * callbacks' userdata is not copied: it must outlive the session) and
 * |opts|.  NULL with errno set: EINVAL for a runtime that is not one of
 * securer_runtime's values, ENOMEM, or EMFILE/ENFILE when out of file
 * descriptors (the session keeps one for securer_session_interrupt). */
securer_session *securer_session_new(const securer_policy *policy,
                                     securer_runtime runtime,
                                     const securer_tools *tools,
                                     const securer_session_opts *opts);

/* Starts the runtime in the sandbox and waits until it is ready (deadline:
 * the policy timeout).  On error, the message says why (the backend's
 * reason, or the runtime's own stderr when it failed to start). */
int securer_session_start(securer_session *session);

const char *securer_session_error(const securer_session *session);

/* Host pid of the top process of the session's sandbox (bwrap, or the
 * reaper of the none backend), for monitoring; -1 while it is down.  It
 * changes when the session restarts after a failure. */
pid_t securer_session_pid(const securer_session *session);

/* The backend confining the session's runtime: once started, the one AUTO
 * picked (never AUTO); before a start, or while the runtime is down, the
 * one asked for. */
securer_backend securer_session_backend(const securer_session *session);

/* Output of the code while it runs: called on the thread that called
 * securer_session_execute with each line the code writes to stdout
 * (|stream| 1) or stderr (|stream| 2), ending with its newline, as soon as
 * the line is complete; a last line without a newline comes, as it is,
 * when the execute ends.  |line| holds |len| bytes (it may contain NULs)
 * followed by a NUL, and is valid during the call only.  The lines of a
 * stream, joined, are exactly what the result captures: nothing past the
 * output cap, and a stream cut there ends with the cut line as it stands.
 * It must not call into the session (securer_session_interrupt excepted). */
typedef void (*securer_output_fn)(void *userdata, int stream, const char *line,
                                  size_t len);

typedef struct securer_execute_opts {
	int64_t timeout_ms;     /* 0: the policy's limits.timeout_seconds */
	int64_t max_tool_calls; /* 0: the policy's limits.tool_calls */
	int64_t
	    output_bytes; /* per stream; 0: the policy's limits.output_bytes */
	securer_output_fn on_output; /* NULL: output is only captured */
	void *output_userdata;       /* passed to on_output; not owned */
} securer_execute_opts;

void securer_execute_opts_init(securer_execute_opts *opts);

typedef struct securer_result securer_result;

/* Runs |code| in the session (starting it first if needed).  Returns 0 when
 * the code was executed, whatever its outcome: *result tells (an error kind,
 * a value, the output).  After a timeout, a crash, a limit or a protocol
 * error the whole sandbox was killed and a fresh runtime started: the
 * result says state_lost and the next execute works.  Returns a negative
 * errno (and no result) only when the session cannot run code at all.
 * |opts| may be NULL. */
int securer_session_execute(securer_session *session, const char *code,
                            const securer_execute_opts *opts,
                            securer_result **result);

/* Stops the execute running in |session|: its whole sandbox is killed, a
 * fresh runtime started, and the execute returns a result of kind
 * SECURER_ERROR_INTERRUPTED with state_lost.  Meant for another thread
 * (a cancel button, an MCP cancellation) or a signal handler: it is
 * thread-safe and async-signal-safe, and returns at once.  Interrupting a
 * session that runs no execute has no effect: a pending interrupt is
 * dropped when the next execute (or securer_session_start) begins.  While
 * the runtime is starting, the start is given up (-ECANCELED).  Returns 0,
 * or a negative errno when |session| is NULL. */
int securer_session_interrupt(securer_session *session);

/* Stops the runtime (EOF, then SIGKILL after a short grace) and frees. */
void securer_session_free(securer_session *session);

securer_error_kind securer_result_error(const securer_result *result);
/* "" when there is no error. */
const char *securer_result_message(const securer_result *result);
/* The runtime's traceback, or NULL. */
const char *securer_result_traceback(const securer_result *result);
/* The value as JSON text ("null" when none). */
const char *securer_result_value(const securer_result *result);
/* The runtime's printed form of the value, or NULL. */
const char *securer_result_repr(const securer_result *result);
/* Captured output (not NUL-safe: use |len|); *truncated is set when the
 * stream passed the output cap.  |len| and |truncated| may be NULL. */
const char *securer_result_stdout(const securer_result *result, size_t *len,
                                  int *truncated);
const char *securer_result_stderr(const securer_result *result, size_t *len,
                                  int *truncated);
/* From the execute sent to its result, or to the moment a timeout, crash or
 * limit stopped it (restarting the runtime after that is not counted). */
int64_t securer_result_duration_ms(const securer_result *result);
int64_t securer_result_tool_calls(const securer_result *result);
/* 1 when the runtime was restarted: variables of earlier executes are gone. */
int securer_result_state_lost(const securer_result *result);
/* The whole result as a JSON object (value, repr, stdout, stderr, their
 * truncation flags, error, duration, tool calls, state_lost).  Caller frees. */
char *securer_result_to_json(const securer_result *result);
void securer_result_free(securer_result *result);

/* ------------------------------------------------------------------------
 * Doctor
 * ------------------------------------------------------------------------ */

/* A JSON report of what this machine offers: every backend's probe with its
 * reason, kernel features (user namespaces, AppArmor restriction, seccomp,
 * Landlock ABI, cgroups and their delegation), tool and library versions.
 * |policy| may be NULL (defaults).  Caller frees *json_out with free(). */
int securer_doctor_json(const securer_policy *policy, char **json_out);

/* 1 when limits.memory_bytes caps a run's processes together here (a
 * memory cgroup can be made: root, or a delegated cgroup v2 subtree), with
 * the parent group in |reason|; 0 when each process is capped alone
 * (limits.address_space_bytes), with the reason.  As root, a run with
 * limits.memory_bytes > 0 is refused where this is 0. */
int securer_memory_cap_probe(char *reason, size_t reason_size);

#ifdef __cplusplus
}
#endif

/* The pool of warm sessions: its own header, which this one includes. */
#include "securer_pool.h"

#endif /* SECURER_H */
