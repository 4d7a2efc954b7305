/*
 * netns.h - a worker's own network and UTS namespaces (root only).
 *
 * As root each worker moves itself, before it starts any thread, into a
 * fresh network namespace with loopback up plus two more addresses on it
 * (10.255.255.1, the "host's other address" of T_HOST_ADDR, and
 * 169.254.169.254, the cloud metadata address), and a fresh UTS namespace.
 * Its controls then run against these instead of the host's: an attack's
 * traffic never leaves the worker's namespace, and a sysctl or hostname an
 * unconfined control changes is the worker's, not the machine's.  Rows in
 * parallel cannot see each other's traffic.
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
/* Can a worker have them here?  Tried once, in a child; |why| when not. */
bool netns_available(char *why, size_t size);

#endif
