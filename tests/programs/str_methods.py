# str methods: split/rsplit/partition, strip, replace, find/index, case methods,
# startswith/endswith with tuples, join, translate, is* predicates, encode.


def main():
    text = "  The quick brown fox, the lazy dog; THE end.  "
    print(text.strip(), "|", text.lstrip(), "|", text.rstrip(" ."), "|", text.strip(" .T"))
    print(text.split(), text.split(","), text.split(" ", 3), text.rsplit(" ", 3))
    print("a,b,,c".split(","), "a  b".split(" "), "".split(), "".split(","), "x".split("x"))
    print("k=v=w".partition("="), "k=v=w".rpartition("="), "kvw".partition("="))
    print(text.lower().count("the"), text.find("fox"), text.find("cat"), text.rfind("the"), text.index("lazy"))
    try:
        text.index("cat")
    except ValueError as e:
        print("ValueError", e)
    print("hello world".title(), "Hello".swapcase(), "ß".upper(), "İ".lower() == "i̇", "ǅ".casefold())
    print("abc".startswith(("x", "a")), "abc".endswith("bc", 0, 3), "abc".startswith("b", 1))
    print("a-b-c".replace("-", "+"), "aaaa".replace("a", "b", 2), "abc".replace("", "|"))
    print("x".join(["1", "2", "3"]), ",".join([]), "".join(reversed("stressed")))
    tr = str.maketrans({"a": "4", "e": "3", "o": None})
    print("hello amazing world".translate(tr), str.maketrans("ab", "xy") == {97: 120, 98: 121})
    print("123".isdigit(), "12.3".isdigit(), "abc".isalpha(), "ab1".isalnum(), " \t".isspace(),
          "Title Case".istitle(), "UP".isupper(), "low".islower(), "x_1".isidentifier(), "١٢".isdecimal())
    print("tab\tsep".expandtabs(4), "a\nb\r\nc".splitlines(), "a\nb\n".splitlines(True))
    print("%r" % "é".encode("utf-8"), "é".encode("latin-1"), b"caf\xc3\xa9".decode("utf-8"),
          "x".encode("ascii", "ignore"), "é".encode("ascii", "replace"), "é".encode("ascii", "xmlcharrefreplace"))
    print("abc" < "abd", "Z" < "a", "abc" * 0, "ab" in "cab", "" in "x", ord("€"), chr(8364))
    print("Hello".ljust(8, ".") + "|", "Hello".rjust(8) + "|", "{:>8}".format("r"), "x".center(4) + "|")
    print("removeprefix".removeprefix("remove"), "suffix.py".removesuffix(".py"), "  x ".strip() == "x")
    words = ("alpha beta gamma delta epsilon zeta eta theta iota kappa " * 250).split()
    total = 0
    caps = 0
    for i, w in enumerate(words):
        total += len(w) + w.find("a") + w.count("e")
        if w.capitalize()[0].isupper():
            caps += 1
        if w.startswith(("th", "ze")):
            total += 100
    print(total, caps, len(words))
    counts = {}
    corpus = "It was the best of times, it was the worst of times, it was the age of wisdom" * 30
    for raw in corpus.lower().split():
        tok = raw.strip(",.")
        counts[tok] = counts.get(tok, 0) + 1
    print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:6])
    s = "abcdefghij" * 300
    pos = 0
    found = 0
    while True:
        pos = s.find("cde", pos)
        if pos < 0:
            break
        found += 1
        pos += 1
    print(found, s.rindex("j"), s.upper()[:5], s[::-1][:5], min(s), max(s))
    print("%d items" % 3, "{0}{1}{0}".format("ab", "-"), "{:,}".format(10 ** 9), "{!r:>6}".format("q"))
    print(str(b"x"), str(123), str([1, "2"]), str(None), "a\u0301", len("a\u0301"), "\N{GREEK SMALL LETTER ALPHA}")


main()
