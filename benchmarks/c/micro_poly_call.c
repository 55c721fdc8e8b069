/* C version of micro_poly_call.py: each object carries a class tag and the
 * call site dispatches on it, the code a JIT produces with one guard per
 * class and every method inlined.  The tags are read from memory through a
 * volatile pointer so that gcc cannot fold the fixed 3-cycle away. */
#include "bench.h"

enum shape { SMALL, MEDIUM, LARGE };

#define SHAPES 300

static long long weight(enum shape s, long long x)
{
    switch (s) {
    case SMALL: return x & 7;
    case MEDIUM: return (x & 15) + 1;
    default: return (x & 31) + 2;
    }
}

static void run(long n, char *out, size_t len)
{
    enum shape shapes[SHAPES];
    enum shape *volatile where = shapes;
    const enum shape *objs;
    long long total = 0;
    for (int k = 0; k < SHAPES; k++)
        shapes[k] = (enum shape)(k % 3);
    objs = where;
    for (long long i = 0; i < n / SHAPES; i++)
        for (int k = 0; k < SHAPES; k++)
            total += weight(objs[k], i);
    snprintf(out, len, "%lld", total);
}

int main(int argc, char **argv) { return bench_main(argc, argv, run, 1000000); }
