/* C.UTF-8 for numbers and collation */
#include <locale.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return fprintf(stderr, "setlocale C.UTF-8 failed\n"), 1;
	printf("@@ decimal point '%s'\n", localeconv()->decimal_point);
	printf("@@ strcoll a<b %d\n", strcoll("a", "b") < 0);
	printf("@@ done\n");
	return 0;
}
