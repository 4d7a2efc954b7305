/* counts the characters of UTF-8 text with the C library in a UTF-8 locale */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

int main(void)
{
	const char *s = "Gr\xc3\xbc\xc3\x9f"
	                "e, caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac";
	wchar_t w[64];
	size_t n;

	if (!setlocale(LC_ALL, "C.UTF-8"))
		return fprintf(stderr, "no C.UTF-8 locale\n"), 1;
	n = mbstowcs(w, s, 64);
	printf("@@ bytes %zu chars %zu\n", strlen(s), n);
	printf("@@ upper of e-acute %04x\n", (unsigned)towupper(0xe9));
	printf("@@ done\n");
	return 0;
}
