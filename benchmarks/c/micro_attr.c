/* C version of micro_attr.py: struct field reads and writes.  The struct
 * lives behind a pointer the compiler cannot see through (volatile), the way
 * an instance lives on the heap. */
#include "bench.h"

struct counter { long long count, step; };

static void run(long n, char *out, size_t len)
{
    struct counter storage = {0, 0};
    struct counter *volatile where = &storage;
    struct counter *c = where;
    for (long long i = 0; i < n; i++) {
        c->count = c->count + c->step;
        c->step = i & 3;
    }
    snprintf(out, len, "%lld", c->count);
}

int main(int argc, char **argv) { return bench_main(argc, argv, run, 1000000); }
