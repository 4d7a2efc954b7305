/* docs/examples/sandbox.c - the README's library example, built against an
 * installed copy by ci/install-test.sh. */
#include <securer.h>
#include <stdio.h>

int main(void)
{
	securer_policy *p = securer_policy_new(); /* deny-by-default */
	securer_policy_set_limit(p, SECURER_LIMIT_TIMEOUT_MS, 5000);
	securer_sandbox *sb = securer_sandbox_new(p, SECURER_BACKEND_AUTO);
	securer_start_opts o;
	securer_start_opts_init(&o);
	o.stdout_fd = 1;
	const char *argv[] = {"python3", "-c", "print(6 * 7)", NULL};
	if (securer_sandbox_start(sb, argv, &o) < 0)
		fprintf(stderr, "%s\n",
		        securer_sandbox_error(sb)); /* nothing ran */
	securer_status st;
	securer_sandbox_run_to_end(sb, -1, &st); /* kills on timeout */
	securer_sandbox_free(sb);
	securer_policy_free(p);
	return st.exited ? st.exit_code : 1;
}
