/* The benchmark protocol (see ../programs/benchlib.py) for the C versions.
 *
 *     ./PROGRAM SIZE [ITERATIONS]
 *
 * A program defines `static void run(long size, char *out, size_t len)`,
 * which does one iteration and writes the checksum text into `out`, and
 * calls `bench_main(argc, argv, run, default_size)`.  The output lines are
 * the Python programs' own: checksum, iterations, steady.
 *
 * SIZE is read through a volatile on every iteration so that gcc -O2 cannot
 * prove the iterations identical and hoist the work out of the timing loop.
 */
#ifndef PVMX_BENCH_H
#define PVMX_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_MAX_ITERATIONS 1000
#define BENCH_CHECKSUM_LEN 256

typedef void (*bench_fn)(long size, char *out, size_t len);

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double bench_median(const double *values, int n)
{
    double sorted[BENCH_MAX_ITERATIONS];
    memcpy(sorted, values, n * sizeof(double));
    qsort(sorted, n, sizeof(double), bench_cmp_double);
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

static int bench_main(int argc, char **argv, bench_fn run, long default_size)
{
    volatile long size = argc > 1 ? atol(argv[1]) : default_size;
    int iterations = argc > 2 ? atoi(argv[2]) : 3;
    double times[BENCH_MAX_ITERATIONS];
    char first[BENCH_CHECKSUM_LEN], current[BENCH_CHECKSUM_LEN];

    if (argc > 3 || iterations < 1 || iterations > BENCH_MAX_ITERATIONS) {
        fprintf(stderr, "usage: %s SIZE [ITERATIONS <= %d]\n", argv[0], BENCH_MAX_ITERATIONS);
        return 2;
    }
    for (int k = 0; k < iterations; k++) {
        double start = bench_now();
        run(size, k ? current : first, BENCH_CHECKSUM_LEN);
        times[k] = bench_now() - start;
        if (k && strcmp(current, first) != 0) {
            fprintf(stderr, "iteration %d gave checksum %s, the first gave %s\n", k, current, first);
            return 1;
        }
    }
    printf("checksum: %s\niterations:", first);
    for (int k = 0; k < iterations; k++)
        printf(" %.6f", times[k]);
    printf("\nsteady: %.6f\n", bench_median(times + iterations / 2, iterations - iterations / 2));
    return 0;
}

#endif
