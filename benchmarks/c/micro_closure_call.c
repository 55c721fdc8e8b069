/* C version of micro_closure_call.py: the closure is a function plus an
 * environment holding the captured variable, which the body reads from
 * memory.  gcc may inline the call, as a JIT that guards on the function
 * object would. */
#include "bench.h"

struct env { long long k; };

static long long add(const struct env *env, long long x)
{
    return x + env->k;
}

static void run(long n, char *out, size_t len)
{
    struct env storage = {3};
    struct env *volatile where = &storage;
    const struct env *env = where;
    long long total = 0;
    for (long long i = 0; i < n; i++)
        total += add(env, i);
    snprintf(out, len, "%lld", total);
}

int main(int argc, char **argv) { return bench_main(argc, argv, run, 1000000); }
