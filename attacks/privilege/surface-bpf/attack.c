/* surface-bpf: is the eBPF syscall reachable?  bpf() with a command
 * number that does not exist can only fail; EINVAL means the kernel looked
 * at it (the verifier and maps are one call away). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"

#define NO_SUCH_BPF_CMD 1000

int main(int argc, char **argv)
{
	targets_load(argc, argv);
	probe_report("bpf", syscall(SYS_bpf, NO_SUCH_BPF_CMD, NULL, 0));
	return 0;
}
