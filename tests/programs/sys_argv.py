# Prints sys.argv[1:] (given by sys_argv.args) and computes with the arguments.
import sys


def main():
    args = sys.argv[1:]
    print(args, len(args))
    nums = [int(a) for a in args if a.lstrip("-").isdigit()]
    words = [a for a in args if not a.lstrip("-").isdigit()]
    print(nums, words)
    total = 0
    for i in range(5000):
        total += nums[i % len(nums)] * (i % 3) if nums else i
    print(total)
    print(sys.argv[0].endswith("sys_argv.py"), type(sys.argv).__name__)
    flags = {a[2:]: True for a in args if a.startswith("--")}
    print(flags)


if __name__ == "__main__":
    main()
