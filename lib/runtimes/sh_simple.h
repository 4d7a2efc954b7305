/*
 * sh_simple.h - code whose syntax is valid by construction, without
 * asking "sh -n": a list of simple commands made of plain words.
 */
#ifndef SECURER_SH_SIMPLE_H
#define SECURER_SH_SIMPLE_H

#include <stddef.h>

/* 1 when the |n| bytes of |text| are in the subset sh_simple.c describes,
 * whose every member any POSIX shell parses without error; 0 otherwise
 * (which says nothing about the syntax: "sh -n" decides then). */
int sh_simple_syntax(const char *text, size_t n);

#endif
