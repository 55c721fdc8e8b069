# exec and eval: with explicit globals/locals, expression results, defining functions
# and classes inside exec, compile() objects, builtins restrictions, loops in exec'd code.


def main():
    print(eval("1 + 2 * 3"), eval("x * y", {"x": 6, "y": 7}), eval("len(s)", {}, {"s": "abcd"}))
    ns = {}
    exec("def sq(v):\n    return v * v\nRESULT = sq(12)", ns)
    print(ns["RESULT"], ns["sq"](5), sorted(k for k in ns if k != "__builtins__"))
    code = "total = 0\nfor i in range(n):\n    total += i % 7\n"
    env = {"n": 5000}
    exec(code, env)
    print(env["total"])
    compiled = compile("a * b + c", "<expr>", "eval")
    acc = 0
    for i in range(3000):
        acc += eval(compiled, {"a": i, "b": 2, "c": -1})
    print(acc)
    loop_code = compile("s = 0\nfor k in range(m):\n    s += k * k\n", "<loop>", "exec")
    res = []
    for m in (10, 100, 2000):
        d = {"m": m}
        exec(loop_code, d)
        res.append(d["s"])
    print(res)
    exec("class K:\n    v = 3\n    def get(self):\n        return self.v * 2\n", ns)
    print(ns["K"]().get(), ns["K"].__name__)
    g = {"__builtins__": {}}
    try:
        eval("len([1])", g)
    except NameError as e:
        print("NameError", e)
    print(eval("[i * 2 for i in range(5)]"), eval("(lambda q: q + 1)(41)"))
    loc = {"v": 1}
    exec("v = v + 1\nw = v * 10", {}, loc)
    print(loc)
    try:
        eval("1 +")
    except SyntaxError as e:
        print("SyntaxError", e.msg)
    try:
        exec("raise KeyError('from exec')")
    except KeyError as e:
        print("KeyError", e)
    x = 5
    print(eval("x + 1"), eval("x", {"x": 100}))
    exec("y_global = 99", globals())
    print(y_global)  # noqa: F821
    src = "\n".join("f%d = lambda: %d" % (i, i * i) for i in range(10))
    fns = {}
    exec(src, fns)
    print([fns["f%d" % i]() for i in range(10)])
    print(eval(repr({"a": [1, 2.5, None]})), eval("0x10 + 0o10 + 0b10"), eval(" 3 "))


main()
