/*
 * exit_status.h - the exit statuses of every securer command, one meaning
 * each (README, "Exit status"), in the convention of env(1), timeout(1)
 * and the shells.
 */
#ifndef SECURER_CLI_EXIT_STATUS_H
#define SECURER_CLI_EXIT_STATUS_H

enum cli_exit {
	CLI_EXIT_OK = 0,
	/* The code failed (run, serve); a regression or a finding
	 * (conform); no real sandbox here (doctor). */
	CLI_EXIT_FAIL = 1,
	/* The timeout killed the run; nothing of it remains. */
	CLI_EXIT_TIMEOUT = 124,
	/* securer itself could not run it: a bad option, policy or
	 * manifest, an unusable backend, a harness error.  Nothing ran. */
	CLI_EXIT_CANNOT_RUN = 125,
	/* The command was found in the sandbox but could not be executed. */
	CLI_EXIT_NOEXEC = 126,
	/* The command was not found in the sandbox. */
	CLI_EXIT_NOTFOUND = 127,
	/* Plus N: the command was killed by signal N. */
	CLI_EXIT_SIGNAL = 128,
};

#endif
