/* feeds "sort | uniq -c" through popen and reads its answer */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	char tmpl[] = "/tmp/wl-pipe-XXXXXX", cmd[128], line[128];
	const char *words[] = {"pear", "apple", "pear",
	                       "plum", "apple", "pear"};
	int fd = mkstemp(tmpl);
	FILE *in, *out;
	int st;

	if (fd < 0 || !(in = fdopen(fd, "w")))
		return perror("mkstemp"), 1;
	for (int i = 0; i < 6; i++)
		fprintf(in, "%s\n", words[i]);
	fclose(in);
	snprintf(cmd, sizeof(cmd), "sort %s | uniq -c", tmpl);
	if (!(out = popen(cmd, "r")))
		return perror("popen"), 1;
	while (fgets(line, sizeof(line), out)) {
		int n;
		char w[64];

		if (sscanf(line, "%d %63s", &n, w) == 2)
			printf("@@ %s %d\n", w, n);
	}
	st = pclose(out);
	unlink(tmpl);
	printf("@@ pipeline status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	printf("@@ done\n");
	return 0;
}
