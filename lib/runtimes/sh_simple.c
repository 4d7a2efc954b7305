/*
 * sh_simple.c - a recognizer for code that needs no "sh -n".
 *
 * The syntax check costs the driver a fork and an exec of /bin/sh per
 * execute (about 0.5 ms of CPU on this project's machines, even warm), more
 * than all the rest of a no-op.  Most code an agent sends to sh is a line
 * or a few of plain commands ("ls -la", "add a=1 b=2 >/dev/null" is not
 * one: a redirection), whose syntax cannot be wrong.  This recognizer
 * accepts only such code, and anything else goes to "sh -n" as before, so
 * a wrong answer can only be a "no" that costs time, never a "yes" for code
 * with a syntax error (which would then run in part).  The subset:
 *
 *   code     := sep* [ list ] sep*            sep := newline | ";" after a
 *   list     := command ( op newline* command | sep+ command )*   command
 *   op       := "&&" | "||" | "|"
 *   command  := word+, none of them a reserved word of dash or bash
 *   word     := ( plain | '...' | "..." | $NAME | ${NAME} | $special )+
 *
 * plain bytes are letters, digits, bytes >= 0x80 and _ . / : , @ % + - = *
 * ? [ ]; between single quotes anything but ' and NUL; between double
 * quotes anything but " \ ` NUL, and $ only as an expansion above.  There
 * is no "(" ")" "{" "}" "<" ">" "&" alone, "\", "`", "#", "!", "~", "^",
 * "$(" or other control byte.  A ";" needs a command before it and no
 * second ";" after it; an op needs a command on each side.
 */
#include <stdbool.h>
#include <string.h>

#include "sh_simple.h"

static bool plain_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80 ||
	       (c && strchr("_./:,@%+-=*?[]", c));
}

static bool name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool name_byte(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static bool special_param(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c && strchr("?#$!@*-", c));
}

/* A parameter expansion at text[*i] == '$'; advances past it, or false. */
static bool expansion(const unsigned char *t, size_t n, size_t *i)
{
	size_t j = *i + 1;

	if (j < n && name_start(t[j])) {
		while (j < n && name_byte(t[j]))
			j++;
	} else if (j < n && special_param(t[j])) {
		j++;
	} else if (j < n && t[j] == '{') {
		j++;
		if (j < n && name_start(t[j])) {
			while (j < n && name_byte(t[j]))
				j++;
		} else if (j < n && special_param(t[j])) {
			j++;
		} else {
			return false;
		}
		if (j >= n || t[j] != '}')
			return false;
		j++;
	} else {
		return false;
	}
	*i = j;
	return true;
}

/* Words that are reserved in some position in dash or bash: rejected in
 * any position, which is only ever too careful. */
static bool reserved(const unsigned char *w, size_t n)
{
	static const char *const words[] = {
	    "!",        "case",   "do",   "done",   "elif", "else",
	    "esac",     "fi",     "for",  "if",     "in",   "then",
	    "until",    "while",  "{",    "}",      "[[",   "]]",
	    "function", "select", "time", "coproc",
	};

	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strlen(words[k]) == n && memcmp(words[k], w, n) == 0)
			return true;
	return false;
}

/* One word at t[*i]; advances past it, or false.  *bare: the word had no
 * quote or expansion (so it may be a reserved word). */
static bool word(const unsigned char *t, size_t n, size_t *i, bool *bare)
{
	size_t j = *i;

	*bare = true;
	while (j < n) {
		unsigned char c = t[j];

		if (plain_byte(c)) {
			j++;
		} else if (c == '\'') {
			*bare = false;
			for (j++; j < n && t[j] != '\'' && t[j]; j++)
				;
			if (j >= n || t[j] != '\'')
				return false;
			j++;
		} else if (c == '"') {
			*bare = false;
			for (j++; j < n && t[j] != '"';) {
				if (t[j] == '$') {
					if (!expansion(t, n, &j))
						return false;
				} else if (!t[j] || t[j] == '\\' ||
				           t[j] == '`') {
					return false;
				} else {
					j++;
				}
			}
			if (j >= n)
				return false;
			j++;
		} else if (c == '$') {
			*bare = false;
			if (!expansion(t, n, &j))
				return false;
		} else {
			break;
		}
	}
	if (j == *i)
		return false;
	*i = j;
	return true;
}

int sh_simple_syntax(const char *text, size_t n)
{
	const unsigned char *t = (const unsigned char *)text;
	/* START: no command yet since a separator (";" not allowed);
	 * WORDS: in a command; AFTER_SEMI: just after ";" (a second one is
	 * an error); NEED: after an op, a command must follow. */
	enum { START, WORDS, AFTER_SEMI, NEED } state = START;
	size_t i = 0;

	while (i < n) {
		unsigned char c = t[i];
		size_t start = i;
		bool bare;

		if (c == ' ' || c == '\t') {
			i++;
		} else if (c == '\n') {
			if (state == WORDS || state == AFTER_SEMI)
				state = START;
			i++;
		} else if (c == ';') {
			if (state != WORDS)
				return 0;
			state = AFTER_SEMI;
			i++;
		} else if (c == '|' || c == '&') {
			if (state != WORDS)
				return 0;
			if (i + 1 < n && t[i + 1] == c)
				i += 2;
			else if (c == '|')
				i++;
			else
				return 0; /* a lone "&" */
			state = NEED;
		} else {
			if (!word(t, n, &i, &bare))
				return 0;
			if (bare && reserved(t + start, i - start))
				return 0;
			/* a word must end at a blank, a newline or an operator
			 * (word() stopped at a byte outside the subset else) */
			if (i < n && (!t[i] || !strchr(" \t\n;|&", t[i])))
				return 0;
			state = WORDS;
		}
	}
	return state != NEED;
}
