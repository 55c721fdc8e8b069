# Prime sieves and number theory loops: Eratosthenes with a list of bools and with a
# bytearray, segmented counting, trial division, totients, Miller-Rabin with big ints.


def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= n:
        if flags[i]:
            for j in range(i * i, n + 1, i):
                flags[j] = False
        i += 1
    return [k for k in range(n + 1) if flags[k]]


def sieve_bytes(n):
    ba = bytearray([1]) * (n + 1)
    ba[0] = ba[1] = 0
    for i in range(2, int(n ** 0.5) + 1):
        if ba[i]:
            ba[i * i::i] = bytes(len(range(i * i, n + 1, i)))
    return ba.count(1)


def totients(n):
    phi = list(range(n + 1))
    for i in range(2, n + 1):
        if phi[i] == i:
            for j in range(i, n + 1, i):
                phi[j] -= phi[j] // i
    return phi


def is_prime_mr(n):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(a, d, n)
        if x == 1 or x == n - 1:
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def main():
    ps = sieve(20000)
    print(len(ps), ps[-5:], sum(ps) % 1000007)
    print(sieve_bytes(50000))
    phi = totients(5000)
    print(sum(phi), phi[1:13], phi[4999])
    twins = sum(1 for a, b in zip(ps, ps[1:]) if b - a == 2)
    print(twins)
    big = [2 ** 61 - 1, 2 ** 64 + 13, 10 ** 18 + 9, 2 ** 89 - 1, 1000000007 * 998244353]
    print([is_prime_mr(n) for n in big])
    cnt = 0
    for n in range(10 ** 12, 10 ** 12 + 300):
        if is_prime_mr(n):
            cnt += 1
    print(cnt)
    goldbach = 0
    pset = set(ps)
    for n in range(4, 3000, 2):
        for p in ps:
            if n - p in pset:
                goldbach += p
                break
    print(goldbach)


main()
