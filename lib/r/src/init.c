/*
 * init.c - the routines R calls (.Call), registered by name.
 */
#include <pthread.h>

#include <R_ext/Rdynload.h>

#include "glue.h"

SEXP rs_library_version(void);
SEXP rs_on_r_thread(void);
SEXP rs_codec_roundtrip(SEXP);
SEXP rs_codec_decode(SEXP);
void R_init_securer(DllInfo *dll);

static pthread_t r_thread;

/* For the tests: TRUE when called on the thread that loaded the package
 * (R's), as every tool must be. */
SEXP rs_on_r_thread(void)
{
	return Rf_ScalarLogical(pthread_equal(pthread_self(), r_thread) != 0);
}

SEXP rs_library_version(void)
{
	return Rf_mkString(securer_version());
}

/* For the tests: a host value through the encoder and the decoder. */
SEXP rs_codec_roundtrip(SEXP x)
{
	char err[512];
	struct sbuf b = {0};
	cJSON *j;
	SEXP out;

	if (codec_encode(x, &b, err, sizeof(err)) < 0) {
		sbuf_free(&b);
		Rf_error("%s", err);
	}
	j = cJSON_Parse(b.p);
	sbuf_free(&b);
	if (!j)
		Rf_error("the encoder wrote JSON that does not parse");
	out = codec_decode(j, err, sizeof(err));
	cJSON_Delete(j);
	if (!out)
		Rf_error("%s", err);
	return out;
}

/* For the tests: what the host makes of a typed value from the sandbox. */
SEXP rs_codec_decode(SEXP text)
{
	char err[512];
	cJSON *j = cJSON_Parse(CHAR(STRING_ELT(text, 0)));
	SEXP out;

	if (!j)
		Rf_error("not JSON");
	out = codec_decode(j, err, sizeof(err));
	cJSON_Delete(j);
	if (!out)
		Rf_error("%s", err);
	return out;
}

/* (void (*)(void)) first: the generic function type, from which the cast
 * to R's DL_FUNC draws no warning. */
#define CALL(name, fn, n)                                                      \
	{                                                                      \
		name, (DL_FUNC)(void (*)(void)) & fn, n                        \
	}

static const R_CallMethodDef calls[] = {
    CALL("C_session_new", rs_session_new, 4),
    CALL("C_session_start", rs_session_start, 1),
    CALL("C_session_restart", rs_session_restart, 1),
    CALL("C_session_close", rs_session_close, 1),
    CALL("C_session_info", rs_session_info, 1),
    CALL("C_session_execute", rs_session_execute, 6),
    CALL("C_raise_interrupt", rs_raise_interrupt, 0),
    CALL("C_pool_new", rs_pool_new, 7),
    CALL("C_pool_close", rs_pool_close, 1),
    CALL("C_pool_stats", rs_pool_stats, 1),
    CALL("C_pool_execute", rs_pool_execute, 4),
    CALL("C_library_version", rs_library_version, 0),
    CALL("C_on_r_thread", rs_on_r_thread, 0),
    CALL("C_codec_roundtrip", rs_codec_roundtrip, 1),
    CALL("C_codec_decode", rs_codec_decode, 1),
    {NULL, NULL, 0}};

void R_init_securer(DllInfo *dll)
{
	r_thread = pthread_self();
	R_registerRoutines(dll, NULL, calls, NULL, NULL);
	R_useDynamicSymbols(dll, FALSE);
	R_forceSymbols(dll, TRUE);
}
