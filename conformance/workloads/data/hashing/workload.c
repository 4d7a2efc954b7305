/* FNV-1a and a CRC-32 of generated data (no library needed) */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	uint64_t fnv = 1469598103934665603ULL;
	uint32_t crc = 0xffffffffu;
	char line[32];

	for (int i = 0; i < 100000; i++) {
		int n = snprintf(line, sizeof(line), "%d\n", i);

		for (int k = 0; k < n; k++) {
			fnv = (fnv ^ (unsigned char)line[k]) * 1099511628211ULL;
			crc ^= (unsigned char)line[k];
			for (int b = 0; b < 8; b++)
				crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
		}
	}
	printf("@@ fnv1a %016llx crc32 %08x\n", (unsigned long long)fnv,
	       crc ^ 0xffffffffu);
	printf("@@ done\n");
	return 0;
}
