# __getattr__, __getattribute__, __setattr__, __delattr__, getattr/setattr/hasattr/delattr
# builtins, dynamic proxies.


class Proxy:
    def __init__(self, target):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", [])

    def __getattr__(self, name):
        self._log.append("get " + name)
        return getattr(self._target, name)

    def __setattr__(self, name, value):
        self._log.append("set " + name)
        setattr(self._target, name, value)

    def __delattr__(self, name):
        self._log.append("del " + name)
        delattr(self._target, name)


class Target:
    def __init__(self):
        self.x = 1

    def double(self):
        return self.x * 2


class Auditing:
    def __init__(self):
        self.hits = 0
        self.value = 10

    def __getattribute__(self, name):
        if name != "hits":
            object.__setattr__(self, "hits", object.__getattribute__(self, "hits") + 1)
        if name == "secret":
            return "intercepted"
        return object.__getattribute__(self, name)

    def __getattr__(self, name):
        return "fallback:" + name


class Defaulting:
    def __getattr__(self, name):
        if name.startswith("opt_"):
            return name[4:].upper()
        raise AttributeError("no attribute %r here" % name)


class Frozen:
    def __init__(self, **kw):
        for k, v in kw.items():
            object.__setattr__(self, k, v)

    def __setattr__(self, name, value):
        raise AttributeError("frozen: " + name)

    def __delattr__(self, name):
        raise AttributeError("frozen del: " + name)


class Recorder:
    def __setattr__(self, name, value):
        super().__setattr__(name, value * 2 if isinstance(value, int) else value)


def main():
    t = Target()
    p = Proxy(t)
    p.x = 5
    print(p.x, p.double(), t.x)
    del p.x
    print(hasattr(t, "x"), p._log)
    a = Auditing()
    print(a.value, a.secret, a.missing, a.hits)
    total = 0
    for i in range(3000):
        total += a.value
    print(total, a.hits)
    d = Defaulting()
    print(d.opt_color, getattr(d, "opt_size"), getattr(d, "plain", "dflt"), hasattr(d, "nope"))
    try:
        d.plain
    except AttributeError as e:
        print("AttributeError", e)
    f = Frozen(a=1, b=2)
    print(f.a, f.b)
    for action in (lambda: setattr(f, "a", 3), lambda: delattr(f, "b")):
        try:
            action()
        except AttributeError as e:
            print("AttributeError", e)
    r = Recorder()
    acc = 0
    for i in range(4000):
        r.v = i
        acc += r.v
    r.s = "str"
    print(acc, r.s, vars(r))
    o = Target()
    for i in range(2000):
        setattr(o, "a%d" % (i % 10), i)
    print(sorted(vars(o).items()))
    print(getattr(o, "a3"), hasattr(o, "a10"), getattr(o, "double")())
    try:
        getattr(o, "nothing")
    except AttributeError as e:
        print("AttributeError", e)
    try:
        delattr(o, "nothing")
    except AttributeError as e:
        print("AttributeError", e)
    class Chain:
        def __getattr__(self, name):
            return Chain2(name)
    class Chain2:
        def __init__(self, n):
            self.n = n
        def __getattr__(self, name):
            return self.n + "." + name
    print(Chain().first.second)
    # __getattr__ is not used for dunder lookups by operators
    class Dyn:
        def __getattr__(self, name):
            return lambda *a: 42
    try:
        len(Dyn())
    except TypeError as e:
        print("TypeError", e)
    print(Dyn().__len__())


main()
