/* C version of micro_int_overflow.py: the total crosses 2**63 halfway, so
 * it is kept in a 128-bit int, which is what "big int" costs in C. */
#include "bench.h"

static void format_i128(__int128 v, char *out, size_t len)
{
    char digits[48];
    int n = 0, negative = v < 0;
    unsigned __int128 u = negative ? -(unsigned __int128)v : (unsigned __int128)v;
    do {
        digits[n++] = '0' + (int)(u % 10);
        u /= 10;
    } while (u);
    size_t k = 0;
    if (negative && k + 1 < len)
        out[k++] = '-';
    while (n && k + 1 < len)
        out[k++] = digits[--n];
    out[k] = '\0';
}

static void run(long n, char *out, size_t len)
{
    __int128 half = (__int128)(n / 2);
    __int128 total = ((__int128)1 << 63) - (half - 1) * half * (2 * half - 1) / 6;
    for (long long i = 0; i < n; i++)
        total += (__int128)(i * i);
    format_i128(total, out, len);
}

int main(int argc, char **argv) { return bench_main(argc, argv, run, 1000000); }
