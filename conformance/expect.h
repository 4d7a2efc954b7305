/*
 * expect.h - what each backend is expected to do with each attack:
 * conformance/expect/<platform>/<backend>.json (docs/attacks.md):
 *
 *   {"backend": "bwrap",
 *    "attacks": {
 *      "ssh-key-grab": {"expect": "blocked"},
 *      "keyring": {"expect": "succeeded",
 *                  "reason": "the none backend applies no seccomp filter",
 *                  "runtimes": {"sh": {"expect": "skipped",
 *                                      "reason": "..."}}},
 *      "memfd-bomb": {"expect": "blocked",
 *                     "without": {"memcg": {"expect": "succeeded",
 *                                           "reason": "..."}}}}}
 *
 * Every expectation other than "blocked" carries its reason.  "without"
 * names one of the attacks' needs about the machine (root, netns, memcg...;
 * not a program: a typo is refused) and the expectation on
 * a machine that lacks it (a layer only some machines give: a memory
 * cgroup as root, not as another user).  An attack
 * missing from a backend's file is "unlisted", which fails the run.
 *
 * Workloads (docs/workloads.md) have a "workloads" section of the same
 * shape with "works", "broken" or "skipped"; every workload must work, so
 * only the exceptions are listed, each with its reason, and an unlisted
 * workload is expected to work.
 */
#ifndef SECURER_CONFORM_EXPECT_H
#define SECURER_CONFORM_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

#define EXPECT_REASON 256

struct expect_rule {
	char runtime[32]; /* "" for the attack's own rule */
	enum outcome expect;
	char reason[EXPECT_REASON];
};

struct expect_entry {
	char attack[64];
	bool workload; /* from the "workloads" section */
	struct expect_rule
	    rules[12]; /* rules[0]: the attack's; then runtimes */
	int n_rules;
};

struct expect_file {
	char backend[48];
	char path[1024];
	bool found; /* the file exists */
	struct expect_entry *entries;
	size_t n;
};

/* "bwrap" -> "bwrap.json"; "external:firejail" -> "external-firejail.json" */
void expect_file_name(const char *column, char *buf, size_t size);

/* Loads the expectations of |column| from |dir| (conformance/expect/linux).
 * A missing file is not an error (every attack is then unlisted); a
 * malformed one is, with the file and key named. */
int expect_load(const char *dir, const char *column, struct expect_file *f,
                char *err, size_t err_size);
void expect_release(struct expect_file *f);

/* The expectation of |attack| in |runtime| ("python-session"; a rule for
 * "python" covers both modes), or NULL when unlisted. */
const struct expect_rule *expect_find(const struct expect_file *f,
                                      const char *attack, const char *runtime);

/* The same, in the "workloads" section when |workload|. */
const struct expect_rule *expect_find_kind(const struct expect_file *f,
                                           const char *attack,
                                           const char *runtime, bool workload);

/* Fills r->expected, r->expect_reason and r->verdict. */
void expect_judge(const struct expect_file *f, const struct column *col,
                  struct result *r);

#endif
