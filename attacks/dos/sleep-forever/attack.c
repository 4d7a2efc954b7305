/* sleep-forever: block in nanosleep for 10 minutes (bounded), far past the
 * timeout.  The busy-loop variant is cpu-spin. */
#include <time.h>

int main(void)
{
	struct timespec t = {600, 0};

	while (nanosleep(&t, &t) != 0)
		;
	return 0;
}
