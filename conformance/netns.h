/*
 * netns.h - the runner's own network and UTS namespaces (root only).
 *
 * As root the runner moves itself, before it starts any thread, into a
 * fresh network namespace with loopback up plus two more addresses on it
 * (10.255.255.1, the "host's other address" of T_HOST_ADDR, and
 * 169.254.169.254, the cloud metadata address), and a fresh UTS namespace.
 * The controls then run against these instead of the host's: an attack's
 * traffic never leaves the runner's namespace, and a sysctl or hostname an
 * unconfined control changes is the runner's, not the machine's.
 */
#ifndef SECURER_CONFORM_NETNS_H
#define SECURER_CONFORM_NETNS_H

#include <stdbool.h>
#include <stddef.h>

#define NETNS_HOST_ADDR "10.255.255.1"
#define NETNS_META_ADDR "169.254.169.254"

/* Enters the namespaces.  0, or -1 with the reason in |err|. */
int netns_enter(char *err, size_t err_size);
/* Did netns_enter succeed in this process? */
bool netns_active(void);

#endif
