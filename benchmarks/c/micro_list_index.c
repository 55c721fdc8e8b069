/* C version of micro_list_index.py: an array swept with two loads, one store. */
#include "bench.h"

#define LENGTH 1000

static void run(long n, char *out, size_t len)
{
    long a[LENGTH];
    long long sum = 0;
    for (long i = 0; i < LENGTH; i++)
        a[i] = i & 255;
    for (long r = 0; r < n / (LENGTH - 1); r++)
        for (long i = 1; i < LENGTH; i++)
            a[i] = (a[i - 1] + a[i]) & 1023;
    for (long i = 0; i < LENGTH; i++)
        sum += a[i];
    snprintf(out, len, "%lld", sum);
}

int main(int argc, char **argv) { return bench_main(argc, argv, run, 1000000); }
