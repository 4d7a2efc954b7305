/* 2024-07-01 12:00 UTC in other zones, through TZ and localtime_r */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(void)
{
	const char *zones[] = {"Europe/Paris", "America/New_York",
	                       "Asia/Tokyo"};
	time_t t = 1719835200;

	for (int i = 0; i < 3; i++) {
		struct tm tm;
		char buf[64];

		setenv("TZ", zones[i], 1);
		tzset();
		localtime_r(&t, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M %Z", &tm);
		printf("@@ %s %s\n", zones[i], buf);
	}
	printf("@@ done\n");
	return 0;
}
