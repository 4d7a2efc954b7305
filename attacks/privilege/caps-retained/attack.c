/* caps-retained: does the code run with capabilities?  Show them and stay
 * alive 0.3 s so the runner sees them from outside. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "Cap", 3) == 0)
			fputs(line, stdout);
	if (f)
		fclose(f);
	fflush(stdout);
	usleep(300 * 1000);
	return 0;
}
