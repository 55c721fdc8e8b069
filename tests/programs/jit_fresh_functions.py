"""Functions made inside hot loops: comprehensions, lambdas with defaults,
nested defs with keyword-only defaults and annotations.

MAKE_FUNCTION is recorded as a call that makes a new function at every
iteration; a call of a function with defaults specializes on its code and
reads the defaults of the very function called, so that a default bound
to the loop variable (`k=k`) is right at every iteration, and a function
given other defaults, or fewer, leaves the trace correctly.
"""

N = 9


def grid_counts(points, rounds):
    total = 0
    for k in range(rounds):
        empties = [p for p in range(N * N) if points[(p + k) % len(points)] == 0]
        pairs = {p: p * k for p in empties[:5]}
        total += len(empties) + sum(pairs.values())
        step = lambda x, k=k: x + k
        total += step(1)
        total += step(2, 3)
    return total


def made_with_more(rounds):
    total = 0
    for k in range(rounds):
        def weigh(x, scale=2, offset=k, *, bonus=k % 3) -> int:
            return x * scale + offset + bonus
        total += weigh(k)
        total += weigh(1, 5)
        if k % 250 == 249:
            weigh.__defaults__ = (7,)           # fewer defaults than the trace saw
            try:
                total += weigh(1)
            except TypeError as e:
                total += len(str(e))
            total += weigh(1, 2, 3)
        total += len(weigh.__annotations__)
    return total


def keep_them(rounds):
    made = []
    for k in range(rounds):
        made.append(lambda x, k=k: x * k)
    return sum(f(2) for f in made[::97]), len({id(f) for f in made}) == rounds


points = [0, 1, 2] * 27
for rep in range(3):
    print(rep, grid_counts(points, 700 + rep))
    print(rep, made_with_more(1000 + rep))
    print(rep, keep_them(600))
