/*
 * decode.c - typed JSON from the sandbox into R values (docs/r.md, "Values").
 *
 *   {"t":"null"}
 *   {"t":"lgl"|"int"|"dbl"|"chr","v":[...]}    null is NA.  A double is a
 *        JSON number when it prints exactly in 15 digits (JSON libraries,
 *        cJSON among them, reprint numbers with 15 when close enough);
 *        otherwise all of the vector's elements are strings: 17 digits,
 *        "NaN", "Inf", "-Inf"
 *   {"t":"raw","v":"0aff..."}                   hex
 *   {"t":"list","v":[typed...]}
 *   {"t":"df","nrow":N,"n":[names],"v":[columns],"rn":[row names]}
 *   every vector and list may carry "n" (names), "dim" and "dimnames"
 *
 * Decoding is the security boundary: its input is whatever the sandboxed
 * code managed to send.  It builds data only (no function, environment,
 * promise, call or external pointer; no class but "data.frame", which it
 * sets itself) and checks every length before it builds anything, so a
 * hostile value is an error message, never an object of the host's R that
 * behaves.  Nothing here unserializes, parses or evaluates R code.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"

#define MAX_DEPTH 64

/* ---- decode ------------------------------------------------------------- */

struct dec {
	char *err;
	size_t errsz;
};

static SEXP fail(struct dec *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static SEXP fail(struct dec *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->err, d->errsz, fmt, ap);
	va_end(ap);
	return NULL;
}

static const char *type_of(const cJSON *o)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "t");

	return cJSON_IsString(t) ? t->valuestring : NULL;
}

static const cJSON *member(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* A character vector from a JSON array of strings and nulls. */
static SEXP chr_from(struct dec *d, const cJSON *a, const char *what)
{
	const cJSON *e;
	R_xlen_t i = 0;
	SEXP x;

	if (!cJSON_IsArray(a))
		return fail(d, "%s must be an array of strings", what);
	x = PROTECT(Rf_allocVector(STRSXP, cJSON_GetArraySize(a)));
	cJSON_ArrayForEach(e, a)
	{
		if (cJSON_IsNull(e))
			SET_STRING_ELT(x, i++, NA_STRING);
		else if (cJSON_IsString(e))
			SET_STRING_ELT(
			    x, i++,
			    utf8_char(e->valuestring, strlen(e->valuestring)));
		else {
			UNPROTECT(1);
			return fail(d, "%s must be an array of strings", what);
		}
	}
	UNPROTECT(1);
	return x;
}

/* A double written as a string: 17 digits, NaN or an infinity. */
static int dbl_from_string(const char *t, double *out)
{
	char *end;

	if (strcmp(t, "NaN") == 0)
		*out = R_NaN;
	else if (strcmp(t, "Inf") == 0)
		*out = R_PosInf;
	else if (strcmp(t, "-Inf") == 0)
		*out = R_NegInf;
	else {
		*out = strtod(t, &end);
		return *t && !*end && t[0] != ' ' && R_FINITE(*out) ? 0 : -1;
	}
	return 0;
}

static SEXP atomic_from(struct dec *d, const cJSON *o, const char *t)
{
	const cJSON *v = member(o, "v"), *e;
	R_xlen_t i = 0;
	SEXPTYPE type;
	SEXP x;

	if (strcmp(t, "chr") == 0)
		return chr_from(d, v, "\"v\" of a chr");
	type = strcmp(t, "lgl") == 0   ? LGLSXP
	       : strcmp(t, "int") == 0 ? INTSXP
	                               : REALSXP;
	if (!cJSON_IsArray(v))
		return fail(d, "\"v\" of a %s must be an array", t);
	x = PROTECT(Rf_allocVector(type, cJSON_GetArraySize(v)));
	cJSON_ArrayForEach(e, v)
	{
		int ok = 1;

		if (type == LGLSXP) {
			ok = cJSON_IsBool(e) || cJSON_IsNull(e);
			LOGICAL(x)
			[i] = cJSON_IsNull(e) ? NA_LOGICAL : cJSON_IsTrue(e);
		} else if (type == INTSXP) {
			double n = cJSON_IsNumber(e) ? e->valuedouble : 0;

			ok = cJSON_IsNull(e) ||
			     (cJSON_IsNumber(e) && n == floor(n) &&
			      fabs(n) <= 2147483647.0);
			INTEGER(x)[i] = cJSON_IsNull(e) ? NA_INTEGER : (int)n;
		} else if (cJSON_IsString(e)) {
			ok = dbl_from_string(e->valuestring, &REAL(x)[i]) == 0;
		} else {
			ok = cJSON_IsNumber(e) || cJSON_IsNull(e);
			REAL(x)[i] = cJSON_IsNull(e) ? NA_REAL : e->valuedouble;
		}
		if (!ok) {
			UNPROTECT(1);
			return fail(d, "an element of a %s is not of its type",
			            t);
		}
		i++;
	}
	UNPROTECT(1);
	return x;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

static SEXP raw_from(struct dec *d, const cJSON *o)
{
	const cJSON *v = member(o, "v");
	size_t n, i;
	SEXP x;

	if (!cJSON_IsString(v) || (n = strlen(v->valuestring)) % 2)
		return fail(d, "\"v\" of a %s must be a hex string", "raw");
	x = PROTECT(Rf_allocVector(RAWSXP, (R_xlen_t)(n / 2)));
	for (i = 0; i < n; i += 2) {
		int hi = hexval(v->valuestring[i]);
		int lo = hexval(v->valuestring[i + 1]);

		if (hi < 0 || lo < 0) {
			UNPROTECT(1);
			return fail(d, "\"v\" of a %s must be a hex string",
			            "raw");
		}
		RAW(x)[i / 2] = (Rbyte)(hi * 16 + lo);
	}
	UNPROTECT(1);
	return x;
}

static SEXP decode(struct dec *d, const cJSON *j, int depth);

static SEXP list_from(struct dec *d, const cJSON *v, int depth,
                      const char *what)
{
	const cJSON *e;
	R_xlen_t i = 0;
	SEXP x;

	if (!cJSON_IsArray(v))
		return fail(d, "\"v\" of a %s must be an array", what);
	x = PROTECT(Rf_allocVector(VECSXP, cJSON_GetArraySize(v)));
	cJSON_ArrayForEach(e, v)
	{
		SEXP item = decode(d, e, depth + 1);

		if (!item) {
			UNPROTECT(1);
			return NULL;
		}
		SET_VECTOR_ELT(x, i++, item);
	}
	UNPROTECT(1);
	return x;
}

/* names, dim and dimnames of a vector or list, each checked against it */
static int attrs_from(struct dec *d, SEXP x, const cJSON *o)
{
	const cJSON *n = member(o, "n"), *dim = member(o, "dim"), *e;
	const cJSON *dn = member(o, "dimnames");
	double prod = 1;
	SEXP s;
	int i = 0;

	if (n) {
		s = chr_from(d, n, "\"n\" (names)");
		if (!s)
			return -1;
		if (XLENGTH(s) != XLENGTH(x))
			return fail(d, "%s do not match the length", "names"),
			       -1;
		Rf_setAttrib(x, R_NamesSymbol, s);
	}
	if (!dim)
		return dn ? (fail(d, "%s without dim", "dimnames"), -1) : 0;
	if (!cJSON_IsArray(dim) || cJSON_GetArraySize(dim) < 1 ||
	    cJSON_GetArraySize(dim) > 16)
		return fail(d, "%s must be an array of 1 to 16 sizes", "dim"),
		       -1;
	s = PROTECT(Rf_allocVector(INTSXP, cJSON_GetArraySize(dim)));
	cJSON_ArrayForEach(e, dim)
	{
		double k = cJSON_IsNumber(e) ? e->valuedouble : -1;

		if (k < 0 || k != floor(k) || k > 2147483647.0) {
			UNPROTECT(1);
			return fail(d, "%s holds a bad size", "dim"), -1;
		}
		INTEGER(s)[i++] = (int)k;
		prod *= k;
	}
	if (prod != (double)XLENGTH(x)) {
		UNPROTECT(1);
		return fail(d, "%s does not match the length", "dim"), -1;
	}
	Rf_setAttrib(x, R_DimSymbol, s);
	UNPROTECT(1);
	if (!dn)
		return 0;
	if (!cJSON_IsArray(dn) ||
	    cJSON_GetArraySize(dn) != cJSON_GetArraySize(dim))
		return fail(d, "%s must have one entry per dim", "dimnames"),
		       -1;
	s = PROTECT(Rf_allocVector(VECSXP, cJSON_GetArraySize(dn)));
	i = 0;
	cJSON_ArrayForEach(e, dn)
	{
		SEXP names = R_NilValue;

		if (!cJSON_IsNull(e)) {
			names = chr_from(d, e, "an entry of dimnames");
			if (!names ||
			    XLENGTH(names) !=
			        INTEGER(Rf_getAttrib(x, R_DimSymbol))[i]) {
				UNPROTECT(1);
				return names ? fail(d, "%s do not match dim",
				                    "dimnames"),
				       -1    : -1;
			}
		}
		SET_VECTOR_ELT(s, i++, names);
	}
	Rf_setAttrib(x, R_DimNamesSymbol, s);
	UNPROTECT(1);
	return 0;
}

static SEXP df_from(struct dec *d, const cJSON *o, int depth)
{
	const cJSON *nrow = member(o, "nrow"), *rn = member(o, "rn");
	double nr = cJSON_IsNumber(nrow) ? nrow->valuedouble : -1;
	SEXP x, names, rows;
	R_xlen_t i;

	if (nr < 0 || nr != floor(nr) || nr > 2147483647.0)
		return fail(d, "a %s needs a row count \"nrow\"", "df");
	x = list_from(d, member(o, "v"), depth, "df");
	if (!x)
		return NULL;
	PROTECT(x);
	names = chr_from(d, member(o, "n"), "\"n\" of a df");
	if (!names || XLENGTH(names) != XLENGTH(x)) {
		UNPROTECT(1);
		return names ? fail(d, "a %s needs one name per column", "df")
		             : NULL;
	}
	Rf_setAttrib(x, R_NamesSymbol, names);
	for (i = 0; i < XLENGTH(x); i++) {
		SEXP col = VECTOR_ELT(x, i);

		if (Rf_isNull(col) || XLENGTH(col) != (R_xlen_t)nr ||
		    !Rf_isNull(Rf_getAttrib(col, R_DimSymbol))) {
			UNPROTECT(1);
			return fail(d,
			            "a %s column is not a vector of nrow "
			            "elements",
			            "df");
		}
	}
	if (rn) {
		rows = chr_from(d, rn, "\"rn\" (row names)");
		if (!rows || XLENGTH(rows) != (R_xlen_t)nr) {
			UNPROTECT(1);
			return rows ? fail(d, "%s do not match nrow",
			                   "row names")
			            : NULL;
		}
		PROTECT(rows);
	} else {
		/* the compact form R uses: c(NA, -nrow) */
		rows = PROTECT(Rf_allocVector(INTSXP, 2));
		INTEGER(rows)[0] = NA_INTEGER;
		INTEGER(rows)[1] = -(int)nr;
	}
	Rf_setAttrib(x, R_RowNamesSymbol, rows);
	Rf_setAttrib(x, R_ClassSymbol, Rf_mkString("data.frame"));
	UNPROTECT(2);
	return x;
}

static SEXP decode(struct dec *d, const cJSON *j, int depth)
{
	const char *t;
	SEXP x;

	if (depth > MAX_DEPTH)
		return fail(d, "the value is nested more than %s levels deep",
		            "64");
	if (!cJSON_IsObject(j) || !(t = type_of(j)))
		return fail(d, "%s is not an object with a string \"t\"",
		            "a typed value");
	if (strcmp(t, "null") == 0)
		return R_NilValue;
	if (strcmp(t, "df") == 0)
		return df_from(d, j, depth);
	if (!strcmp(t, "lgl") || !strcmp(t, "int") || !strcmp(t, "dbl") ||
	    !strcmp(t, "chr"))
		x = atomic_from(d, j, t);
	else if (strcmp(t, "raw") == 0)
		x = raw_from(d, j);
	else if (strcmp(t, "list") == 0)
		x = list_from(d, member(j, "v"), depth, "list");
	else
		return fail(d, "unknown type \"%.32s\"", t);
	if (!x)
		return NULL;
	PROTECT(x);
	if (attrs_from(d, x, j) < 0) {
		UNPROTECT(1);
		return NULL;
	}
	UNPROTECT(1);
	return x;
}

SEXP codec_decode(const cJSON *j, char *err, size_t errsz)
{
	struct dec d = {err, errsz};

	return decode(&d, j, 0);
}
