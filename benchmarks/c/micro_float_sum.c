/* C version of micro_float_sum.py: float accumulation, same operation order. */
#include "bench.h"

static void run(long n, char *out, size_t len)
{
    double x = 0.0, total = 0.0;
    for (long i = 0; i < n; i++) {
        total += x * x;
        x += 0.5;
    }
    snprintf(out, len, "%.12g", total);
}

int main(int argc, char **argv) { return bench_main(argc, argv, run, 1000000); }
