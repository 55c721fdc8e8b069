# sys.exit("message"): prints the message to stderr and exits with status 1.
import sys


def main():
    counts = [0] * 10
    for i in range(6000):
        counts[(i * i) % 10] += 1
    print(counts)
    try:
        sys.exit(None)
    except SystemExit as e:
        print("exit(None) code:", e.code)
    try:
        sys.exit(7)
    except SystemExit as e:
        print("exit(7) code:", e.code, e.args)
    print("flushing before exit", flush=True)
    sys.exit("fatal: counts are %s" % counts[:3])


main()
