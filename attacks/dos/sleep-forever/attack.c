/* cpu-spin, bounded at 10 minutes of wall time. */
#include <time.h>

int main(void)
{
	time_t end = time(NULL) + 600;
	volatile unsigned long spin = 0;

	while (time(NULL) < end)
		spin++;
	return 0;
}
