# Hot loops at module level: names are read and written in the module's dict
# (LOAD_NAME/STORE_NAME), and the trace keeps them in registers; everything
# that can see the dict mid-loop must still see the right values.

total = 0
for i in range(6000):
    total += i * i
print("for", total, i)

n = 0
acc = 0.0
while n < 5000:
    acc += n * 0.5
    n += 1
print("while", n, acc)

# a function called in the loop reads and writes the globals the loop writes
seen = []


def peek():
    global counter
    seen.append(counter)
    counter += 1000


counter = 0
for i in range(4000):
    counter += 1
    if i % 997 == 0:
        peek()
print("peek", counter, seen)

# a name rebound to another type mid-loop, then deleted and defined again
x = 0
for i in range(5000):
    if i == 2500:
        x = float(x)
    x += 1
    if i == 4000:
        del x
        x = -1
print("rebind", x, type(x).__name__)

# builtins shadowed by a global mid-loop, then unshadowed
hits = 0
for i in range(5000):
    if i == 2000:
        def abs(v):
            return 7
    if i == 3500:
        del abs
    hits += abs(-1)
print("shadow", hits)

# globals() written from inside the loop
for i in range(3000):
    globals()["dyn"] = i
    total = dyn + 1
print("globals()", dyn, total)

# iterating lists and tuples at module level
words = ["alpha", "beta", "gamma", "delta"] * 800
lengths = 0
for w in words:
    lengths += len(w)
print("list", lengths)

pairs = tuple((k, k * 2) for k in range(3000))
s = 0
for a, b in pairs:
    s += a - b
print("tuple", s)

# a loop whose body raises and catches NameError on a deleted global
errors = 0
for i in range(3000):
    if i % 500 == 0:
        try:
            del missing_name
        except NameError:
            errors += 1
    missing_name = i
print("errors", errors, missing_name)

# a class body with a loop, run in a new namespace each time
def make(k):
    class C:
        acc = 0
        for j in range(1500):
            acc += j * k
    return C.acc


print("class bodies", [make(k) for k in range(4)])

# one code object run in two namespaces
code = compile("t = 0\nfor q in range(3000):\n    t += q + base\n", "<loop>", "exec")
for base in (1, 2, 3):
    ns = {"base": base}
    exec(code, ns)
    print("exec", base, ns["t"], ns["q"])
