# String building in loops: +=, join, %-format, repeated concatenation, chr/ord,
# a small run-length encoder and a Caesar cipher.


def rle(s):
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append("%d%s" % (j - i, s[i]))
        i = j
    return "".join(out)


def caesar(s, k):
    res = ""
    for ch in s:
        if "a" <= ch <= "z":
            res += chr((ord(ch) - 97 + k) % 26 + 97)
        elif "A" <= ch <= "Z":
            res += chr((ord(ch) - 65 + k) % 26 + 65)
        else:
            res += ch
    return res


def main():
    s = ""
    for i in range(3000):
        s += str(i % 10)
    print(len(s), s[:30], s.count("7"))
    parts = []
    for i in range(4000):
        parts.append("%03d" % (i % 1000))
    joined = "-".join(parts)
    print(len(joined), joined[:40], joined[-12:])
    data = "".join("ab"[(i * i) % 3 % 2] * (i % 4 + 1) for i in range(400))
    enc = rle(data)
    print(len(data), len(enc), enc[:60])
    msg = "The Quick Brown Fox Jumps Over The Lazy Dog! 123"
    c = msg
    for k in range(1, 60):
        c = caesar(c, k)
    print(c, caesar(c, -sum(range(1, 60))) == msg)
    line = "=" * 40 + "|" + "-" * 3
    print(line, "ab" * 5, 3 * "x", "" * 100 == "")
    words = []
    w = "a"
    for i in range(2000):
        w = w[1:] + w[0] if len(w) > 5 else w + chr(97 + i % 26)
        words.append(w)
    print(words[:8], words[-3:], len(set(words)))
    acc = []
    for i in range(2000):
        acc.append(chr(0x3b1 + i % 24))
    greek = "".join(acc)
    print(greek[:24], len(greek.encode("utf-8")), greek.count("ω"))
    table = "\n".join("|".join(str(r * c).rjust(3) for c in range(1, 8)) for r in range(1, 6))
    print(table)
    s2 = ""
    for i in range(2500):
        s2 = s2 + "x" if len(s2) < 50 else s2[25:]
    print(s2, len(s2))
    print("%s|%5s|%-5s|%.2s|%c|%%|%d%%" % ("a", "b", "c", "defg", 65, 50))
    print("{:-^20}".format(" mid "), "abc".center(9, "*"), "7".zfill(4), "-7".zfill(4))


main()
