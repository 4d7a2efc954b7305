/*
 * encode.c - R values of the host as typed JSON (docs/r.md, "Values"), for
 * tool results.  The form is described in decode.c.  Only data is written:
 * vectors, lists, data frames with names, dim and dimnames; factors, Dates
 * and times as character; any other class dropped; a function, environment,
 * call, external pointer or S4 object is an error naming what it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"

#define MAX_DEPTH 64

/* ---- encode ------------------------------------------------------------- */

struct enc {
	struct sbuf *b;
	char *err;
	size_t errsz;
};

static const char *describe(SEXP x)
{
	switch (TYPEOF(x)) {
	case CLOSXP:
	case BUILTINSXP:
	case SPECIALSXP:
		return "a function";
	case ENVSXP:
		return "an environment";
	case EXTPTRSXP:
		return "an external pointer";
	case LANGSXP:
	case SYMSXP:
	case EXPRSXP:
		return "an unevaluated expression";
	case PROMSXP:
		return "a promise";
	case S4SXP:
		return "an S4 object";
	case CPLXSXP:
		return "a complex vector";
	case LISTSXP:
		return "a pairlist";
	default:
		return "an object of this type";
	}
}

/* 1 when |v| prints exactly in 15 digits (into |s|). */
static int short_exact(double v, char *s, size_t size)
{
	snprintf(s, size, "%.15g", v);
	return strtod(s, NULL) == v;
}

static void doubles(struct sbuf *b, SEXP x)
{
	R_xlen_t i, n = XLENGTH(x);
	int as_numbers = 1;
	char s[40];

	for (i = 0; i < n && as_numbers; i++) {
		double v = REAL(x)[i];

		as_numbers =
		    R_IsNA(v) || (R_FINITE(v) && short_exact(v, s, sizeof(s)));
	}
	sbuf_add(b, "[", 1);
	for (i = 0; i < n; i++) {
		double v = REAL(x)[i];

		if (i)
			sbuf_add(b, ",", 1);
		if (R_IsNA(v))
			sbuf_adds(b, "null");
		else if (ISNAN(v))
			sbuf_adds(b, "\"NaN\"");
		else if (!R_FINITE(v))
			sbuf_adds(b, v > 0 ? "\"Inf\"" : "\"-Inf\"");
		else if (as_numbers)
			sbuf_adds(b, (short_exact(v, s, sizeof(s)), s));
		else {
			if (!short_exact(v, s, sizeof(s)))
				snprintf(s, sizeof(s), "%.17g", v);
			sbuf_addf(b, "\"%s\"", s);
		}
	}
	sbuf_add(b, "]", 1);
}

static void strings(struct sbuf *b, SEXP x)
{
	R_xlen_t i, n = XLENGTH(x);

	sbuf_add(b, "[", 1);
	for (i = 0; i < n; i++) {
		SEXP c = STRING_ELT(x, i);

		if (i)
			sbuf_add(b, ",", 1);
		if (c == NA_STRING) {
			sbuf_adds(b, "null");
		} else {
			const char *s = Rf_translateCharUTF8(c);

			sbuf_json_str(b, s, strlen(s));
		}
	}
	sbuf_add(b, "]", 1);
}

static void attrs(struct sbuf *b, SEXP x)
{
	SEXP names = Rf_getAttrib(x, R_NamesSymbol);
	SEXP dim = Rf_getAttrib(x, R_DimSymbol);

	if (!Rf_isNull(names) && TYPEOF(names) == STRSXP) {
		sbuf_adds(b, ",\"n\":");
		strings(b, names);
	}
	if (!Rf_isNull(dim) && TYPEOF(dim) == INTSXP) {
		SEXP dn = Rf_getAttrib(x, R_DimNamesSymbol);

		sbuf_adds(b, ",\"dim\":[");
		for (R_xlen_t i = 0; i < XLENGTH(dim); i++)
			sbuf_addf(b, i ? ",%d" : "%d", INTEGER(dim)[i]);
		sbuf_add(b, "]", 1);
		if (TYPEOF(dn) == VECSXP && XLENGTH(dn) == XLENGTH(dim)) {
			sbuf_adds(b, ",\"dimnames\":[");
			for (R_xlen_t i = 0; i < XLENGTH(dn); i++) {
				SEXP e = VECTOR_ELT(dn, i);

				if (i)
					sbuf_add(b, ",", 1);
				if (TYPEOF(e) == STRSXP)
					strings(b, e);
				else
					sbuf_adds(b, "null");
			}
			sbuf_add(b, "]", 1);
		}
	}
}

static int encode(struct enc *e, SEXP x, int depth);

static int atomic(struct enc *e, SEXP x)
{
	struct sbuf *b = e->b;
	R_xlen_t i, n = Rf_isVectorAtomic(x) ? XLENGTH(x) : 0;

	switch (TYPEOF(x)) {
	case LGLSXP:
		sbuf_adds(b, "{\"t\":\"lgl\",\"v\":[");
		for (i = 0; i < n; i++) {
			int v = LOGICAL(x)[i];

			if (i)
				sbuf_add(b, ",", 1);
			sbuf_adds(b, v == NA_LOGICAL ? "null"
			             : v             ? "true"
			                             : "false");
		}
		sbuf_add(b, "]", 1);
		break;
	case INTSXP:
		sbuf_adds(b, "{\"t\":\"int\",\"v\":[");
		for (i = 0; i < n; i++) {
			int v = INTEGER(x)[i];

			if (i)
				sbuf_add(b, ",", 1);
			if (v == NA_INTEGER)
				sbuf_adds(b, "null");
			else
				sbuf_addf(b, "%d", v);
		}
		sbuf_add(b, "]", 1);
		break;
	case REALSXP:
		sbuf_adds(b, "{\"t\":\"dbl\",\"v\":");
		doubles(b, x);
		break;
	case STRSXP:
		sbuf_adds(b, "{\"t\":\"chr\",\"v\":");
		strings(b, x);
		break;
	case RAWSXP:
		sbuf_adds(b, "{\"t\":\"raw\",\"v\":\"");
		for (i = 0; i < n; i++)
			sbuf_addf(b, "%02x", RAW(x)[i]);
		sbuf_add(b, "\"", 1);
		break;
	default:
		snprintf(e->err, e->errsz, "%s cannot be sent as data",
		         describe(x));
		return -1;
	}
	attrs(b, x);
	sbuf_add(b, "}", 1);
	return 0;
}

static int items(struct enc *e, SEXP x, int depth)
{
	sbuf_adds(e->b, "[");
	for (R_xlen_t i = 0; i < XLENGTH(x); i++) {
		if (i)
			sbuf_add(e->b, ",", 1);
		if (encode(e, VECTOR_ELT(x, i), depth + 1) < 0)
			return -1;
	}
	sbuf_add(e->b, "]", 1);
	return 0;
}

static int data_frame(struct enc *e, SEXP x, int depth)
{
	SEXP rn = Rf_getAttrib(x, R_RowNamesSymbol);
	SEXP names = Rf_getAttrib(x, R_NamesSymbol);
	R_xlen_t nrow = 0;

	/* getAttrib expands R's compact row names c(NA, -n) to 1:n */
	if (!Rf_isNull(rn))
		nrow = XLENGTH(rn);
	else if (XLENGTH(x) > 0)
		nrow = XLENGTH(VECTOR_ELT(x, 0));
	sbuf_addf(e->b, "{\"t\":\"df\",\"nrow\":%lld,\"n\":", (long long)nrow);
	if (TYPEOF(names) == STRSXP)
		strings(e->b, names);
	else
		sbuf_adds(e->b, "[]");
	sbuf_adds(e->b, ",\"v\":");
	if (items(e, x, depth) < 0)
		return -1;
	if (TYPEOF(rn) == STRSXP) {
		sbuf_adds(e->b, ",\"rn\":");
		strings(e->b, rn);
	}
	sbuf_add(e->b, "}", 1);
	return 0;
}

/* Factor levels, Dates and times become character vectors. */
static SEXP as_character(SEXP x)
{
	SEXP call, out;

	if (Rf_inherits(x, "factor")) {
		SEXP lv = Rf_getAttrib(x, R_LevelsSymbol);
		R_xlen_t n = XLENGTH(x);

		out = PROTECT(Rf_allocVector(STRSXP, n));
		for (R_xlen_t i = 0; i < n; i++) {
			int k = INTEGER(x)[i];

			SET_STRING_ELT(out, i,
			               k == NA_INTEGER || k < 1 ||
			                       k > XLENGTH(lv)
			                   ? NA_STRING
			                   : STRING_ELT(lv, k - 1));
		}
	} else {
		call = PROTECT(Rf_lang2(Rf_install("format"), x));
		out = Rf_eval(call, R_BaseEnv);
		UNPROTECT(1);
		PROTECT(out);
	}
	Rf_setAttrib(out, R_NamesSymbol, Rf_getAttrib(x, R_NamesSymbol));
	UNPROTECT(1);
	return out;
}

static int encode(struct enc *e, SEXP x, int depth)
{
	int rc;

	if (depth > MAX_DEPTH) {
		snprintf(e->err, e->errsz,
		         "it is nested more than %d levels deep", MAX_DEPTH);
		return -1;
	}
	if (Rf_isNull(x)) {
		sbuf_adds(e->b, "{\"t\":\"null\"}");
		return 0;
	}
	if (IS_S4_OBJECT(x) && TYPEOF(x) == S4SXP) {
		snprintf(e->err, e->errsz,
		         "an S4 object cannot be sent as data");
		return -1;
	}
	if (Rf_inherits(x, "factor") || Rf_inherits(x, "Date") ||
	    Rf_inherits(x, "POSIXt")) {
		x = PROTECT(as_character(x));
		rc = encode(e, x, depth);
		UNPROTECT(1);
		return rc;
	}
	if (TYPEOF(x) == VECSXP && Rf_inherits(x, "data.frame"))
		return data_frame(e, x, depth);
	if (TYPEOF(x) == VECSXP) {
		sbuf_adds(e->b, "{\"t\":\"list\",\"v\":");
		if (items(e, x, depth) < 0)
			return -1;
		attrs(e->b, x);
		sbuf_add(e->b, "}", 1);
		return 0;
	}
	return atomic(e, x);
}

int codec_encode(SEXP x, struct sbuf *b, char *err, size_t errsz)
{
	struct enc e = {b, err, errsz};

	if (encode(&e, x, 0) < 0)
		return -1;
	if (b->oom) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	return 0;
}
