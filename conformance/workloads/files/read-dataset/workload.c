/* totals per region of the read-only CSV (argv[1]: the workload's folder) */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	static const char *regions[] = {"east", "north", "south", "west"};
	long units[4] = {0};
	char path[1024], line[256];
	FILE *f;
	int rows = 0;

	if (argc < 2)
		return 2;
	snprintf(path, sizeof(path), "%s/data.csv", argv[1]);
	if (!(f = fopen(path, "r")))
		return perror(path), 1;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		char region[32], product[32];
		int u;
		double p;

		if (sscanf(line, "%31[^,],%31[^,],%d,%lf", region, product, &u,
		           &p) != 4) {
			fprintf(stderr, "bad line: %s", line);
			fclose(f);
			return 1;
		}
		for (int i = 0; i < 4; i++)
			if (!strcmp(region, regions[i]))
				units[i] += u;
		rows++;
	}
	fclose(f);
	printf("@@ rows %d\n", rows);
	for (int i = 0; i < 4; i++)
		printf("@@ units %s %ld\n", regions[i], units[i]);
	printf("@@ done\n");
	return 0;
}
