# bytes and bytearray: construction, indexing, slicing, methods, mutation, hex,
# encoding/decoding, a checksum loop, struct-like manual packing.


def checksum(data):
    a, b = 1, 0
    for byte in data:
        a = (a + byte) % 65521
        b = (b + a) % 65521
    return (b << 16) | a


def main():
    b = b"hello world"
    print(b[0], b[-1], b[1:5], b.upper(), b.split(), b.replace(b"o", b"0"), b.find(b"wor"), len(b))
    print(bytes(5), bytes([65, 66, 67]), bytes(range(3)), b"ab" * 3, b"a" + b"b", b"x" in b"xyz", 120 in b"xyz")
    print(b.hex(), bytes.fromhex("de ad be ef"), b"\x00\xff".hex(":"), list(b"AZ"), b.startswith(b"he"))
    print("é€".encode(), b"\xe2\x82\xac".decode(), b"abc".decode("ascii"), bytes("x", "utf-16-le"))
    ba = bytearray(b"abc")
    ba.append(100)
    ba.extend(b"ef")
    ba[0] = 65
    ba[1:3] = b"BCX"
    del ba[-1]
    ba.insert(0, 42)
    print(ba, len(ba), ba.pop(), ba, bytes(ba), ba.decode())
    try:
        ba[0] = 256
    except ValueError as e:
        print("ValueError", e)
    try:
        b[0] = 1
    except TypeError as e:
        print("TypeError", e)
    try:
        b"\xff".decode("utf-8")
    except UnicodeDecodeError as e:
        print("UnicodeDecodeError", e.reason, e.start)
    data = bytes((i * 7 + 3) % 256 for i in range(5000))
    print(checksum(data), checksum(b"Wikipedia"))
    buf = bytearray()
    for i in range(3000):
        buf += (i & 0xFFFF).to_bytes(2, "little")
    print(len(buf), buf[:8], sum(buf) % 65536, int.from_bytes(buf[-2:], "little"))
    rev = bytearray(reversed(buf[:10]))
    print(rev, buf.count(0), buf.index(11))
    xored = bytes(x ^ 0x5A for x in b"secret")
    print(xored, bytes(x ^ 0x5A for x in xored))
    total = 0
    for i in range(len(data) - 1):
        total += data[i] * data[i + 1] % 7
    print(total)
    print(b"a,b,,c".split(b","), b" x ".strip(), b"%d-%s" % (5, b"x"), b"abc".center(7, b"*"),
          bytearray(b"x") == b"x", b"abc" < b"abd", bytes(bytearray(b"q")), memoryview(b"abc")[1])
    print(b"Hello".swapcase(), b"123".isdigit(), b"AbC".lower(), b"a\tb".expandtabs(2), b"ab".join([b"1", b"2", b"3"]))


main()
