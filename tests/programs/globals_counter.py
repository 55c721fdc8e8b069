# global statements and global counters updated in hot loops.

COUNT = 0
TOTAL = 0.0
NAMES = []
flag = False


def bump(n):
    global COUNT, TOTAL
    COUNT += 1
    TOTAL += n / 2


def toggle():
    global flag
    flag = not flag
    return flag


def define_late():
    global late_value
    late_value = COUNT * 2


def read_only():
    return COUNT + len(NAMES)


def shadow_builtin():
    # shadowing a builtin globally, then removing it
    global len
    len = lambda x: -1  # noqa: E731
    print(len([1, 2, 3]))
    del len
    print(len([1, 2, 3]))


def main():
    for i in range(8000):
        bump(i)
        if toggle():
            NAMES.append(i)
    print(COUNT, TOTAL, len(NAMES), flag, read_only())
    define_late()
    print(late_value)
    g = globals()
    g["DYNAMIC"] = 99
    print(DYNAMIC)  # noqa: F821
    try:
        print(undefined_name)  # noqa: F821
    except NameError as e:
        print("NameError", e)
    shadow_builtin()
    s = 0
    for i in range(4000):
        s += COUNT + i
    print(s)


main()
