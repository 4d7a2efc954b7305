/*
 * system_set.c - what of the host's /etc a sandbox sees (files.system): the
 * configuration the runtimes and their Debian libraries read, each entry
 * with the reason it is there (docs/policy.md, "The system set").  Both
 * the bwrap backend (read-only binds) and the landlock backend (read
 * rules) take this one list, so they expose the same files.
 *
 * An allowlist: nothing under /etc is visible unless named here.  Never
 * added: /etc/shadow, /etc/gshadow, /etc/ssh (host keys), /etc/sudoers*,
 * /etc/ssl/private, keytabs, /etc/passwd and /etc/group (bwrap synthesizes
 * its own, naming no host user; under landlock they stay unreadable), and
 * any credential store; the attack disclosure/etc-secrets checks from
 * outside that a token planted in such files is never seen.
 */
#include "internal.h"

const struct securer__system_path securer__system_set[] = {
    {"/etc/ld.so.cache", "the dynamic loader finds the shared libraries"},
    {"/etc/alternatives", "Debian's links for commands and libraries "
                          "(the BLAS numpy and R load, awk, editors)"},
    {"/etc/localtime", "the local time zone"},
    {"/etc/timezone", "the time zone's name (R, Python's tzlocal)"},
    {"/etc/locale.alias", "locale names such as 'en_US' resolved by glibc"},
    {"/etc/nsswitch.conf", "how glibc looks users, groups and hosts up"},
    {"/etc/ssl/certs", "the CA certificates (public) any TLS client trusts"},
    {"/etc/ssl/openssl.cnf", "OpenSSL's configuration (Python's ssl)"},
    {"/etc/fonts", "fontconfig's configuration: text in R's png() and "
                   "cairo plots"},
    {"/etc/matplotlibrc", "Debian's matplotlib reads its defaults here; "
                          "without it 'import matplotlib' fails"},
    {"/etc/mime.types", "file types by extension (Python's mimetypes)"},
    {"/etc/papersize", "the default paper size of R's pdf() and "
                       "postscript()"},
};

const size_t securer__system_set_n =
    sizeof(securer__system_set) / sizeof(securer__system_set[0]);
