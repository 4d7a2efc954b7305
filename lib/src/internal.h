/*
 * internal.h - declarations shared by the library's modules.  Nothing here is
 * public; every symbol is prefixed securer__ and hidden from the shared
 * library's dynamic symbol table.
 */
#ifndef SECURER_INTERNAL_H
#define SECURER_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "init_abi.h"
#include "init_reap.h"
#include "securer.h"
/* SECURER__HIDDEN, and the few symbols conformance/ and bench/ may use */
#include "securer_harness.h"

#define SECURER__PRINTF(f, a) __attribute__((format(printf, f, a)))

#define SECURER__ERR_SIZE 1024

/* ---- util.c ---------------------------------------------------------- */

/* Formats into |buf| (size SECURER__ERR_SIZE) and returns |err| (negative
 * errno), so error paths read `return securer__fail(buf, -EINVAL, ...)`.
 * Saves and restores errno. */
SECURER__HIDDEN int securer__fail(char *buf, int err, const char *fmt, ...)
    SECURER__PRINTF(3, 4);
/* Like securer__fail, appending ": strerror(-err)". */
SECURER__HIDDEN int securer__fail_errno(char *buf, int err, const char *fmt,
                                        ...) SECURER__PRINTF(3, 4);

SECURER__HIDDEN char *securer__strdup(const char *s);

/* A NULL-terminated, growable vector of owned strings. */
struct securer__strv {
	char **v;
	size_t n, cap;
	bool oom; /* sticky: any failed push sets it */
};
SECURER__HIDDEN void securer__strv_init(struct securer__strv *sv);
SECURER__HIDDEN void securer__strv_release(struct securer__strv *sv);
SECURER__HIDDEN void securer__strv_push(struct securer__strv *sv,
                                        const char *s);
SECURER__HIDDEN void securer__strv_pushf(struct securer__strv *sv,
                                         const char *fmt, ...)
    SECURER__PRINTF(2, 3);

/* Reads a whole small file (at most |max| bytes) into a NUL-terminated heap
 * buffer.  Returns NULL with errno set. */
SECURER__HIDDEN char *securer__read_file(const char *path, size_t max);
/* First line of a /proc/sys style file as an integer; -1 when absent. */
SECURER__HIDDEN long long securer__read_sysctl(const char *path);
/* Reads up to |size|-1 bytes already buffered in a non-blocking or closed
 * pipe, NUL-terminated, trailing newlines removed. */
SECURER__HIDDEN size_t securer__drain_text(int fd, char *buf, size_t size);

/* Closes *fd when open and sets it to -1. */
SECURER__HIDDEN void securer__close_fd(int *fd);
/* write(2) that never raises SIGPIPE in the caller: EPIPE instead.  Every
 * write of the library to a pipe whose reader may be gone goes through it:
 * a child must not be able to kill its host by closing a pipe. */
SECURER__HIDDEN ssize_t securer__write_nosigpipe(int fd, const void *buf,
                                                 size_t len);
/* Writes all of |len| bytes, retrying on EINTR and short writes (SIGPIPE
 * never raised). */
SECURER__HIDDEN int securer__write_all(int fd, const void *buf, size_t len);

/* A sealed-or-not memfd holding |len| bytes, offset rewound to 0. */
SECURER__HIDDEN int securer__memfd_with(const char *name, const void *data,
                                        size_t len);

/* ---- path_open.c ----------------------------------------------------- */

/* Opens |path| (absolute, or relative to |dirfd|) with |flags| (O_CLOEXEC
 * added) without following a symlink anywhere on the way, the last
 * component included: -ELOOP when one is there.  |beneath|: the path must
 * not leave |dirfd| (no "..", nothing absolute): -EXDEV.  The fd, or a
 * negative errno. */
SECURER__HIDDEN int securer__open_nofollow(int dirfd, const char *path,
                                           int flags, bool beneath);

/* ---- git_index.c, git_protect.c: files.protect_git ------------------- */

/* Called with each gitlink (a submodule's path) of an index; a negative
 * return stops the walk and is returned. */
typedef int (*securer__gitlink_fn)(void *ctx, const char *path);
/* Walks the git index open at |fd| (versions 2 to 4, SHA-1 or SHA-256).
 * 0; -EINVAL when it is not an index git writes; or what |fn| returned. */
SECURER__HIDDEN int securer__git_gitlinks(int fd, securer__gitlink_fn fn,
                                          void *ctx);
/* A mount to make: the descriptor (taken), where below the bind's top
 * (never empty), and whether writable. */
typedef int (*securer__git_mount_fn)(void *ctx, int fd, const char *rel,
                                     bool writable);
/* What files.protect_git mounts over the writable bind whose directory is
 * open at |root| (O_PATH; host path |src|): |emit| is called for each,
 * parents before children.  0, or a negative errno with the reason in
 * |err| (SECURER__ERR_SIZE bytes): a `.git` that is a symlink, an index
 * that cannot be read, too many submodules. */
SECURER__HIDDEN int securer__git_protect(int root, const char *src,
                                         securer__git_mount_fn emit, void *ctx,
                                         char *err);

SECURER__HIDDEN int securer__pidfd_open(pid_t pid);
SECURER__HIDDEN int securer__pidfd_send_signal(int pidfd, int sig);

/* ---- policy.c -------------------------------------------------------- */

struct securer__bind {
	char *src;
	char *dst;
	bool writable;
};

struct securer__env {
	char *name;
	char *value;
};

struct securer_policy {
	securer_net net;
	int64_t limits[SECURER_LIMIT_COUNT_];
	bool system_files;
	bool protect_git; /* writable binds: their .git read-only */
	struct securer__bind *binds;
	size_t n_binds;
	struct securer__env *env; /* env.set, in insertion order */
	size_t n_env;
	char **env_pass; /* env.pass patterns */
	size_t n_env_pass;
	char **deny; /* syscalls.deny extra names */
	size_t n_deny;
	char *cwd;
	char err[SECURER__ERR_SIZE];
};

/* The name of the |i|th default environment variable, NULL past the end. */
SECURER__HIDDEN const char *securer__policy_default_env(size_t i);
/* The sandbox environment the policy yields from |caller_env|, as a
 * NULL-terminated vector of "NAME=VALUE". */
SECURER__HIDDEN int securer__policy_build_env(const securer_policy *p,
                                              char *const *caller_env,
                                              struct securer__strv *out);
/* The policy with every key, as a cJSON object (policy_json.c). */
struct cJSON;
SECURER__HIDDEN struct cJSON *securer__policy_to_cjson(const securer_policy *p);

/* ---- seccomp.c ------------------------------------------------------- */

/* Compiles the deny filter for |p| to classic BPF.  *bpf is malloc'd. */
SECURER__HIDDEN int securer__seccomp_compile(const securer_policy *p,
                                             void **bpf, size_t *len,
                                             char *err);
/* The same for a backend without namespaces (landlock) when
 * |no_namespaces|: the table's rows that stand in for the namespaces apply
 * too. */
SECURER__HIDDEN int securer__seccomp_compile_for(const securer_policy *p,
                                                 bool no_namespaces, void **bpf,
                                                 size_t *len, char *err);
/* securer__seccomp_compile_for through a small per-process cache
 * (seccomp_cache.c): the same program without compiling it again.
 * *bpf is malloc'd. */
SECURER__HIDDEN int securer__seccomp_filter(const securer_policy *p,
                                            bool no_namespaces, void **bpf,
                                            size_t *len, char *err);
/* The cache's copy of that program, if it holds one: 1 (*bpf malloc'd),
 * 0 when it does not, -ENOMEM. */
SECURER__HIDDEN int securer__seccomp_cached(const securer_policy *p,
                                            bool no_namespaces, void **bpf,
                                            size_t *len);
/* Number of entries in the built-in deny table. */
SECURER__HIDDEN size_t securer__seccomp_table_size(void);

/* Embeds the file at |path| (an absolute path given by the build) as the
 * read-only bytes |sym| and their count |sym|_size (a uint64_t), with
 * .incbin: the library needs no install path to find its helpers. */
#define SECURER__EMBED(sym, path)                                              \
	__asm__(".section .rodata\n"                                           \
	        ".balign 16\n"                                                 \
	        ".globl " #sym "\n"                                            \
	        ".hidden " #sym "\n" #sym ":\n"                                \
	        ".incbin \"" path "\"\n" #sym "_end:\n"                        \
	        ".balign 8\n"                                                  \
	        ".globl " #sym "_size\n"                                       \
	        ".hidden " #sym "_size\n" #sym "_size:\n"                      \
	        ".quad " #sym "_end - " #sym "\n"                              \
	        ".previous\n")

/* ---- helper.c: the embedded securer-init program --------------------- */

/* securer__helper_fd(), the memfd holding securer-init: securer_harness.h */

/* ---- cgroup.c, cgroup_find.c, cgroup_memory.c ------------------------ */

/* The size of a cgroup reason: two paths and some words. */
#define SECURER__CGROUP_WHY 1200

struct securer__cgroup {
	char path[512]; /* the pids group (v1) or the v2 group; "" when none */
	/* The file a single-threaded child writes "0" to, to join: v1
	 * `tasks` (no RCU grace period, cgroup.c), v2 cgroup.procs; -1 */
	int join_fd;
	int dir_fd; /* the group's directory, cgroup v2 only; -1 */
	/* cgroup.procs of the run's first group (path, else mem_path), kept
	 * open: whether the run left it empty is read again each run, with
	 * pread (a path walk in cgroupfs costs ~8 us, a pread < 1) */
	int procs_fd;
	int64_t max_pids; /* what its pids.max says */
	/* The memory limit: in the v2 group above, or in a group of the v1
	 * memory hierarchy (mem_path, joined through mem_join_fd). */
	bool want_memory;   /* asked for (limits.memory_bytes > 0) */
	bool memory;        /* in force: the run's total memory is capped */
	char mem_path[512]; /* v1 memory group; "" on v2 or without */
	int mem_join_fd;    /* its `tasks`, or -1 */
	/* Kept open like procs_fd: the OOM kills (v2 memory.events, v1
	 * memory.oom_control) and the charge (memory.current, v1
	 * memory.usage_in_bytes); -1 without a memory limit */
	int oom_fd;
	int usage_fd;
	int64_t max_bytes; /* what its limit says */
	int64_t oom_base;  /* the group's OOM kills before this run */
	char mem_why[SECURER__CGROUP_WHY]; /* why not capped, when !memory */
};
/* |cg| with no group and every descriptor -1. */
SECURER__HIDDEN void securer__cgroup_init(struct securer__cgroup *cg);
/* Creates the run's cgroups: a pids group limiting the number of tasks to
 * |max_pids| (0: none) and, when |max_bytes| > 0, a memory limit of
 * |max_bytes| (swap included) for all the run's tasks together.  Returns
 * 0, -ENOTSUP when no writable pids controller exists (|why| says why),
 * or another negative errno.  A memory limit that cannot be set does not
 * fail it: cg->memory is then false and cg->mem_why says why. */
SECURER__HIDDEN int securer__cgroup_create(struct securer__cgroup *cg,
                                           int64_t max_pids, int64_t max_bytes,
                                           char *why, size_t why_size);
/* How many of the run's tasks the kernel's OOM killer ended at the
 * memory limit since the run began. */
SECURER__HIDDEN int64_t
securer__cgroup_oom_kills(const struct securer__cgroup *cg);
/* Once every task of the run is reaped: an empty group is kept for the
 * process's next run (up to a few), any other is removed. */
SECURER__HIDDEN void securer__cgroup_destroy(struct securer__cgroup *cg);
/* SIGKILLs every task of |cg| (cgroup.kill where the kernel has it, else
 * by pid from cgroup.procs, again and again, since a task may fork between
 * the read and the kill) until the group is empty or |deadline_ms|
 * passes.  0 when empty; -ETIMEDOUT when tasks remain; -ENOENT without a
 * group. */
SECURER__HIDDEN int securer__cgroup_kill(struct securer__cgroup *cg,
                                         int64_t deadline_ms);
/* What cgroups this process can use, for doctor. */
struct securer__cgroup_info {
	char v2_mount[256];      /* "" when cgroup2 is not mounted */
	char v1_pids_mount[256]; /* "" when no v1 pids hierarchy */
	char own_v2[512];        /* our v2 group */
	bool v2_writable;        /* our v2 group is writable: delegated to us */
	bool usable;             /* a pids group can be made under |parent| */
	char parent[512];
	char why[SECURER__CGROUP_WHY]; /* why not, when !usable */
	bool mem_usable; /* a memory group can be made under |mem_parent| */
	char mem_parent[512];
	char mem_why[SECURER__CGROUP_WHY]; /* why not, when !mem_usable */
};
SECURER__HIDDEN void securer__cgroup_info(struct securer__cgroup_info *info);

/* ---- spawn.c --------------------------------------------------------- */

/* Descriptors one launch maps into its child: the backend's pipes and
 * memfds, the caller's fds, and one per bind mount (binds are mounted from
 * descriptors, path_open.c). */
#define SECURER__MAX_FDS 160
/* The most extra fds (securer_start_opts.fds) a run takes; the reaper
 * closes each of them in itself (init_reap.h keeps room for them all). */
#define SECURER__MAX_EXTRA_FDS 16
_Static_assert(SECURER__MAX_EXTRA_FDS <= REAP_MAX_KEEP,
               "the reaper closes every extra fd");

/* Everything spawn needs to start the host-side process of a sandbox. */
struct securer__launch {
	int exec_fd;           /* >= 0: execveat(exec_fd) */
	const char *exec_path; /* otherwise execve(exec_path) */
	struct securer__strv argv;
	struct securer__strv envp;
	struct {
		int from; /* parent fd */
		int to;   /* fd number in the child */
	} maps[SECURER__MAX_FDS];
	size_t n_maps;
	int cgroup_fd;     /* the join file (cgroup.c), or -1 */
	int cgroup_dir_fd; /* v2: the group to be born in (clone3), or -1 */
	int cgroup_mem_fd; /* v1: the memory group's join file, or -1 */
	/* Host tools (trusted code outside any sandbox) only: */
	const char *cwd;      /* chdir before exec; NULL: stay */
	bool keep_privileges; /* no no_new_privs (a tool may run sudo) */
	bool status_cloexec;  /* the status fd closes at exec */
	/* Drop every capability before exec, for good (landlock: no user
	 * namespace takes them away). */
	bool drop_caps;
	/* The program executed is securer-init, which resets every signal
	 * disposition itself: the child leaves them, all blocked, to it. */
	bool init_resets_signals;
	/* A one-shot run's: may start on a spare securer-init (spare.c). */
	bool spare;
	/* The seccomp filter securer-init puts on the command (landlock),
	 * owned.  With filter_ahead, a spare for the next run of the kind
	 * loads it on itself ahead: only a filter that denies the reaper
	 * nothing it does (the built-in table's; a policy's syscalls.deny may
	 * name kill or prctl). */
	void *filter;
	size_t filter_len;
	bool filter_ahead;
};

struct securer__proc {
	pid_t pid;
	int pidfd;
};

SECURER__HIDDEN void securer__launch_init(struct securer__launch *l);
SECURER__HIDDEN void securer__launch_release(struct securer__launch *l);
/* Adds |from| as |to| in the child. */
SECURER__HIDDEN int securer__launch_map(struct securer__launch *l, int from,
                                        int to);
/* fork + exec per |l|: new session, parent-death signal, no_new_privs
 * (unless keep_privileges), every fd closed except the mapped ones,
 * environment from |l|->envp only, and with |l|->drop_caps no capability
 * (nor any an exec as root would give).
 * Failures in the child before exec are written as SETUP/EXEC records to
 * child fd |status_child_fd| (when >= 0). */
SECURER__HIDDEN int securer__spawn(const struct securer__launch *l,
                                   int status_child_fd,
                                   struct securer__proc *out, char *err);
/* ---- spare.c: the next one-shot run's securer-init, started early ---- */

/* Starts |l| on this thread's spare of its kind: 0 with |out| filled (the
 * spare is the run's reaper now), 1 when there is none that can take it
 * (then spawn directly; a spare that could not is discarded). */
SECURER__HIDDEN int securer__spare_take(const struct securer__launch *l,
                                        int status_child_fd,
                                        struct securer__proc *out);
/* After a start of |l| whose command runs: from this thread's second
 * start of that kind on, starts the next one's spare if there is none. */
SECURER__HIDDEN void securer__spare_refill(const struct securer__launch *l);
/* securer__signals_default(), for a child between fork and exec:
 * securer_harness.h */
/* The executable |name| runs as: |name| itself when it holds a '/'
 * (relative to |cwd| when not absolute and |cwd| is given), else the first
 * executable regular file |dir|/|name| of the absolute directories of
 * |search| (a PATH; NULL or empty: /usr/local/bin:/usr/bin:/bin).  0, or
 * -ENOENT (or -ENAMETOOLONG) with |out| empty. */
SECURER__HIDDEN int securer__which(const char *name, const char *search,
                                   const char *cwd, char *out, size_t size);
/* Closes every fd >= |lowest| that is not in |keep| (sorted or not). */
SECURER__HIDDEN void securer__close_fds_except(int lowest, const int *keep,
                                               size_t n_keep);

/* ---- backends -------------------------------------------------------- */

/* What a backend adds to a launch: filled by its prepare(). */
struct securer__run;

struct securer__backend_ops {
	securer_backend id;
	const char *name;
	bool sandbox;
	/* Fills sb->launch for argv. */
	int (*prepare)(struct securer__run *r, const char *const argv[]);
	/* Explains a failure to start, given the tool's own error text. */
	void (*diagnose)(struct securer__run *r, const char *tool_stderr);
	/* NULL, or the work done once the child runs, beside its start (the
	 * landlock backend sends the confinement).  On failure the child is
	 * killed before it runs anything of argv. */
	int (*spawned)(struct securer__run *r);
};

SECURER__HIDDEN const struct securer__backend_ops *
securer__backend_ops(securer_backend id);
extern SECURER__HIDDEN const struct securer__backend_ops securer__backend_bwrap;
extern SECURER__HIDDEN const struct securer__backend_ops securer__backend_none;
extern SECURER__HIDDEN const struct securer__backend_ops
    securer__backend_landlock;

/* bwrap discovery and diagnosis, shared with doctor.c */
SECURER__HIDDEN int securer__bwrap_find(char *path, size_t size, char *err);
SECURER__HIDDEN void securer__bwrap_version(const char *path, char *buf,
                                            size_t size);
SECURER__HIDDEN void securer__userns_diagnosis(char *buf, size_t size);
/* The bwrap options (what --args carries) for |policy|, for tests and
 * diagnostics; the fd numbers in it are those the real launch uses. */
SECURER__HIDDEN int securer__bwrap_options(const securer_policy *policy,
                                           char *const *caller_env,
                                           struct securer__strv *out,
                                           char *err);

/* The state of one sandbox run (sandbox.c), visible to the backends. */
struct securer__run {
	securer_policy *policy;
	const securer_start_opts *opts;
	securer_backend backend;
	const struct securer__backend_ops *ops;
	struct securer__launch launch;
	struct securer__cgroup cgroup;
	int status_rd, status_wr; /* records from spawn and securer-init */
	int diag_rd, diag_wr;     /* backend tool's own stderr (bwrap) */
	int info_rd, info_wr;     /* bwrap --info-fd */
	int status_child_fd;      /* status_wr's number in the child */
	int confine_wr; /* landlock: where the confinement goes; bwrap: the
	                   seccomp filter's pipe */
	char private_dir[256]; /* none, landlock: private HOME; "" */
	char tool[4096];       /* path of the backend's tool (bwrap) */
	char err[SECURER__ERR_SIZE];
};

/* ---- private_dir.c: the private directory of backends without mounts */

/* Creates r->private_dir (0700), named after |backend|, under the caller's
 * $TMPDIR, else, when the run's reaper holds it to limits.tmpfs_bytes
 * (|budgeted|), on a tmpfs ($XDG_RUNTIME_DIR, /dev/shm), else under /tmp. */
SECURER__HIDDEN int securer__private_dir_create(struct securer__run *r,
                                                const char *backend,
                                                bool budgeted);
/* r->launch.envp from the policy, HOME=/tmp and TMPDIR=/tmp naming the
 * private directory. */
SECURER__HIDDEN int securer__private_env(struct securer__run *r);
/* The working directory: the private directory where the policy says
 * /tmp. */
SECURER__HIDDEN const char *securer__private_cwd(const struct securer__run *r);
/* Removes |path| and everything in it, whatever modes the code left, and
 * empties |path|.  Only once every process of the run is dead. */
SECURER__HIDDEN void securer__private_dir_remove(char *path);

/* securer-init killed the run past a limit it watches (the landlock
 * backend's disk budget); securer_sandbox_error says which. */
SECURER__HIDDEN bool securer__sandbox_over_limit(const securer_sandbox *sb);
/* A session's sandbox: its runtime outlives the start, so no spare
 * (spare.c) is started for the next. */
SECURER__HIDDEN void securer__sandbox_for_session(securer_sandbox *sb);

/* A SECURER__ST_LIMIT record from securer-init, as r->err
 * (backend_landlock.c: the only backend with such a limit). */
SECURER__HIDDEN void
securer__limit_message(struct securer__run *r,
                       const struct securer__status_rec *rec);

/* Adds the securer-init options common to every backend (status fd, rlimits,
 * fds to keep) to |sv|, ending with "--". */
SECURER__HIDDEN int securer__init_args(struct securer__run *r,
                                       struct securer__strv *sv,
                                       int stderr_fd_in_child);

#endif /* SECURER_INTERNAL_H */
