/*
 * plot.c - `securer bench --out DIR`: the figures as gnuplot data and
 * scripts, rendered to SVG:
 *   startup.svg          exec and session startup per backend, beside
 *                        their floors (median, bar to p90)
 *   latency_cdf.svg      CDFs of the round trips and no-op executes
 *   pool_throughput.svg  executes per second against client threads, one
 *                        line per pool size
 *   pool_acquire.svg     acquire latency (p50 and p99) against threads
 * The .dat and .gp files stay next to the SVGs, to re-plot or restyle.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "plot.h"

static FILE *open_in(const char *dir, const char *name)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return fopen(path, "w");
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int write_startup(const struct bench *b, const char *dir)
{
	FILE *d = open_in(dir, "startup.dat"), *g = open_in(dir, "startup.gp");
	int rows = 0;

	if (!d || !g) {
		if (d)
			fclose(d);
		if (g)
			fclose(g);
		return -1;
	}
	fprintf(d, "# name p50_ms p90_ms\n");
	for (int i = 0; i < b->n_figs; i++) {
		const struct bench_fig *f = &b->figs[i];

		if (starts(f->name, "exec.start") ||
		    starts(f->name, "session.start") ||
		    starts(f->name, "floor.exec") ||
		    starts(f->name, "floor.bwrap") ||
		    starts(f->name, "floor.runtime")) {
			fprintf(d, "\"%s\" %.3f %.3f\n", f->name,
			        f->m.p50 / 1000, f->m.p90 / 1000);
			rows++;
		}
	}
	fprintf(
	    g,
	    "set terminal svg size 900,%d dynamic\nset output 'startup.svg'\n"
	    "set title 'Startup: median, bar to p90 (floors: unconfined, bare "
	    "bwrap)'\n"
	    "set xlabel 'milliseconds'\nset style fill solid 0.5\nset grid x\n"
	    "set yrange [-1:%d]\nset ytics nomirror\nunset key\n"
	    "plot 'startup.dat' using 2:0:(0):2:($0-0.35):($0+0.35):ytic(1) "
	    "with boxxyerrorbars, '' using 2:0:2:3 with xerrorbars lc rgb "
	    "'black'\n",
	    120 + 28 * rows, rows);
	fclose(d);
	fclose(g);
	return 0;
}

static int write_cdf(const struct bench *b, const char *dir)
{
	FILE *g = open_in(dir, "latency_cdf.gp");
	int curves = 0;

	if (!g)
		return -1;
	fprintf(
	    g,
	    "set terminal svg size 900,600 dynamic\nset output "
	    "'latency_cdf.svg'\n"
	    "set title 'Round trips and no-op executes: cumulative "
	    "distribution'\n"
	    "set logscale x\nset xlabel 'microseconds'\nset ylabel 'fraction'\n"
	    "set key bottom right\nset grid\nplot ");
	for (int i = 0; i < b->n_figs; i++) {
		const struct bench_fig *f = &b->figs[i];
		char file[96];
		FILE *d;

		if (!(starts(f->name, "floor.pipe") ||
		      starts(f->name, "tool.round_trip") ||
		      starts(f->name, "execute.noop.")) ||
		    !f->n)
			continue;
		snprintf(file, sizeof(file), "cdf-%s.dat", f->name);
		if (!(d = open_in(dir, file)))
			continue;
		for (size_t k = 0; k < f->n; k++)
			fprintf(d, "%.3f %.5f\n", f->v[k],
			        (double)(k + 1) / (double)f->n);
		fclose(d);
		fprintf(g, "%s'%s' using 1:2 with lines lw 2 title '%s'",
		        curves++ ? ", " : "", file, f->name);
	}
	fprintf(g, "\n");
	fclose(g);
	return curves ? 0 : 1;
}

static int write_pool(const struct bench *b, const char *dir)
{
	FILE *d = open_in(dir, "pool.dat"),
	     *g1 = open_in(dir, "pool_throughput.gp"),
	     *g2 = open_in(dir, "pool_acquire.gp");
	int sizes[16], n_sizes = 0;

	if (!d || !g1 || !g2) {
		if (d)
			fclose(d);
		if (g1)
			fclose(g1);
		if (g2)
			fclose(g2);
		return -1;
	}
	/* one block per size (gnuplot's index), rows by threads */
	for (int i = 0; i < b->n_pool; i++) {
		bool seen = false;

		for (int k = 0; k < n_sizes; k++)
			seen |= sizes[k] == b->pool[i].size;
		if (!seen && n_sizes < 16)
			sizes[n_sizes++] = b->pool[i].size;
	}
	fprintf(d, "# size threads ops_per_s acquire_p50_us acquire_p99_us\n");
	for (int k = 0; k < n_sizes; k++) {
		for (int i = 0; i < b->n_pool; i++)
			if (b->pool[i].size == sizes[k])
				fprintf(d, "%d %d %.1f %.2f %.2f\n",
				        b->pool[i].size, b->pool[i].threads,
				        b->pool[i].ops_per_s,
				        b->pool[i].acquire.p50,
				        b->pool[i].acquire.p99);
		fprintf(d, "\n\n");
	}
	fprintf(g1, "set terminal svg size 900,600 dynamic\nset output "
	            "'pool_throughput.svg'\n"
	            "set title 'Pool throughput (fixed small workload)'\nset "
	            "xlabel 'client threads'\n"
	            "set ylabel 'executes per second'\nset logscale x 2\nset "
	            "grid\nset key top left\nplot ");
	fprintf(
	    g2,
	    "set terminal svg size 900,600 dynamic\nset output "
	    "'pool_acquire.svg'\n"
	    "set title 'Pool acquire latency'\nset xlabel 'client threads'\n"
	    "set ylabel 'microseconds'\nset logscale xy\nset grid\nset key top "
	    "left\nplot ");
	for (int k = 0; k < n_sizes; k++) {
		fprintf(g1,
		        "%s'pool.dat' index %d using 2:3 with linespoints lw 2 "
		        "title 'size %d'",
		        k ? ", " : "", k, sizes[k]);
		fprintf(g2,
		        "%s'pool.dat' index %d using 2:5 with linespoints lw 2 "
		        "title 'p99, size %d', "
		        "'pool.dat' index %d using 2:4 with linespoints dt 2 "
		        "title 'p50, size %d'",
		        k ? ", " : "", k, sizes[k], k, sizes[k]);
	}
	fprintf(g1, "\n");
	fprintf(g2, "\n");
	fclose(d);
	fclose(g1);
	fclose(g2);
	return n_sizes ? 0 : 1;
}

static int gnuplot(const char *dir, const char *script, char *err, size_t size)
{
	char cmd[1400];
	int rc;

	snprintf(cmd, sizeof(cmd), "cd '%s' && gnuplot '%s' 2>&1", dir, script);
	if (strchr(dir, '\'')) {
		snprintf(err, size,
		         "the output directory's name holds a quote");
		return -1;
	}
	rc = system(cmd);
	if (rc != 0) {
		snprintf(err, size, "gnuplot %s failed (status %d)%s", script,
		         WIFEXITED(rc) ? WEXITSTATUS(rc) : rc,
		         WIFEXITED(rc) && WEXITSTATUS(rc) == 127
		             ? ": gnuplot is not installed (gnuplot-nox, "
		               "ci/install-deps.sh)"
		             : "");
		return -1;
	}
	return 0;
}

int plot_all(const struct bench *b, const char *dir, char *err, size_t size)
{
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		snprintf(err, size, "cannot create %s: %s", dir,
		         strerror(errno));
		return -1;
	}
	if (write_startup(b, dir) < 0 || write_cdf(b, dir) < 0 ||
	    write_pool(b, dir) < 0) {
		snprintf(err, size, "cannot write into %s: %s", dir,
		         strerror(errno));
		return -1;
	}
	if (gnuplot(dir, "startup.gp", err, size) < 0 ||
	    gnuplot(dir, "latency_cdf.gp", err, size) < 0 ||
	    (b->n_pool && (gnuplot(dir, "pool_throughput.gp", err, size) < 0 ||
	                   gnuplot(dir, "pool_acquire.gp", err, size) < 0)))
		return -1;
	return 0;
}
