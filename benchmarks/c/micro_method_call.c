/* C version of micro_method_call.py.  The method is an ordinary function
 * that gcc may inline: a JIT that guards on the receiver's class and
 * inlines the method reaches the same code, so this is the limit. */
#include "bench.h"

struct doubler { int unused; };

static long long twice(const struct doubler *self, long long x)
{
    (void)self;
    return x + x;
}

static void run(long n, char *out, size_t len)
{
    struct doubler d = {0};
    long long total = 0;
    for (long long i = 0; i < n; i++)
        total += twice(&d, i);
    snprintf(out, len, "%lld", total);
}

int main(int argc, char **argv) { return bench_main(argc, argv, run, 1000000); }
