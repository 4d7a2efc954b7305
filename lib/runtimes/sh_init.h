/*
 * sh_init.h - the host's tool list, turned into shell functions.
 */
#ifndef SECURER_SH_INIT_H
#define SECURER_SH_INIT_H

#include <stddef.h>

#include "json_read.h"
#include "json_write.h"

/* More tools than any session needs; the bound keeps the duplicate check
 * and the definitions small. */
#define SH_MAX_TOOLS 4096

/*
 * Checks the "tools" array of an init message and appends to |defs| one
 * line per tool:
 *
 *	add() { '/proc/2/exe' --tool add 'a:number b:number' "$@"; }
 *
 * |exe| is the path that re-executes securer-init; it must need no
 * quoting inside single quotes.  A tool whose name the shell cannot use
 * for a function (a keyword or a special builtin) is left out with a
 * warning on stderr.  Returns 0, or -1 with a message in |msg|.
 */
int sh_init_tools(struct json_span tools, const char *exe,
                  struct json_buf *defs, char *msg, size_t size);

#endif
