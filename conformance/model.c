/*
 * model.c - names of the run's plain data.
 */
#include <stdio.h>

#include "model.h"

const char *outcome_name(enum outcome o)
{
	static const char *const names[OUTCOME_COUNT] = {
	    "blocked", "succeeded", "inconclusive", "skipped",
	    "error",   "works",     "broken",
	};

	return (unsigned)o < OUTCOME_COUNT ? names[o] : "?";
}

const char *verdict_name(enum verdict v)
{
	static const char *const names[VERDICT_COUNT] = {
	    "ok", "regression", "fixed", "unexpected", "unlisted",
	};

	return (unsigned)v < VERDICT_COUNT ? names[v] : "?";
}

const char *runtime_label(enum lang l, enum mode m, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", lang_name(l),
	         m == MODE_SESSION ? "-session" : "");
	return buf;
}
