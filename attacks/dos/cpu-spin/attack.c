/* cpu-spin: a busy loop that never blocks nor calls the kernel, bounded at
 * 30 s of wall time (checked every 2^24 turns). */
#include <time.h>

int main(void)
{
	time_t end = time(NULL) + 30;
	volatile unsigned long spin = 0;

	while (time(NULL) < end)
		for (unsigned long i = 0; i < (1ul << 24); i++)
			spin++;
	return 0;
}
