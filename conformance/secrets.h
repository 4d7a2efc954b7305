/*
 * secrets.h - the caller's environment every run starts from.
 *
 * Before anything runs, `securer conform` executes itself again with a
 * made-up environment: PATH and a few neutral variables of the user's,
 * and the secret variables an agent's process would hold (an OpenAI key,
 * AWS, a database password, a GitHub token), each a fresh random token.
 * Nothing else of the user's environment reaches an attack, so a report
 * can never carry a real secret; and the secrets sit in the runner's own
 * start-up environment, where /proc/PID/environ shows them, as they would
 * in a real agent's.
 */
#ifndef SECURER_CONFORM_SECRETS_H
#define SECURER_CONFORM_SECRETS_H

#define SECRETS_N 4
extern const char *const secret_names[SECRETS_N];

/* Re-executes the program (argv: the subcommand's, "conform" first) with
 * that environment, unless this process already has it.  Returns only
 * when there is nothing to do (0), or when it cannot (-1, errno). */
int secrets_reexec(int argc, char **argv);

#endif
