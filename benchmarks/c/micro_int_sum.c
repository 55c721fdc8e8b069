/* C version of micro_int_sum.py: sum of i*i below n in int64. */
#include "bench.h"

static void run(long n, char *out, size_t len)
{
    long long total = 0;
    for (long long i = 0; i < n; i++)
        total += i * i;
    snprintf(out, len, "%lld", total);
}

int main(int argc, char **argv) { return bench_main(argc, argv, run, 1000000); }
