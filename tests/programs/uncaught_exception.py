# Ends with an uncaught ValueError: exit status 1, last stderr line "ValueError: boom".


def main():
    acc = 0
    for i in range(5000):
        acc += i % 13
    print("acc", acc)
    handled = 0
    for i in range(3000):
        try:
            if i % 100 == 0:
                raise ValueError("handled %d" % i)
        except ValueError:
            handled += 1
    print("handled", handled, flush=True)
    raise ValueError("boom")


main()
