/* hostname-change: rename the machine with sethostname(). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static const char name[] = "build-box-7";

	if (sethostname(name, strlen(name)) < 0) {
		perror("sethostname");
		return 1;
	}
	return 0;
}
