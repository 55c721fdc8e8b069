"""Generates a Brainfuck program that draws the Mandelbrot set (examples/bf/mandel.b).

Written for this project (not derived from any published Brainfuck
program).  `python3 -m examples.bf.mandelgen [--scale S] [--maxiter N] > FILE`.

The program uses 8-bit wrapping cells only.  Numbers are fixed point with
`S` units per 1.0, in sign-magnitude form: a sign cell (0 or 1) and a
magnitude cell (0..255).  Per pixel c = cx + i*cy it iterates
z <- z*z + c at most `maxiter` times:

    escape if |x| > 2S or |y| > 2S              (before squaring: no overflow)
    xx = x*x // S, yy = y*y // S                (on magnitudes)
    escape if xx + yy > 4S
    xy = |x|*|y| // (S/2), negative when the signs differ
    x, y = xx - yy + cx, xy + cy

Products are counted out in unary (a countdown from S carries into the
quotient), so the program spends its time in small nested loops: a good
workload for a tracing JIT.  `model()` computes the same picture in Python
with the same integer arithmetic; tests compare the two.

The emitter keeps every variable in three cells [value, flag, zero] so that
`if_else` can test a value without destroying it in O(1) steps:
`flag=1; value[ THEN flag- ]> [- ELSE >]` ends on the zero cell either way.
"""

import argparse
import sys


class Emitter:
    """Brainfuck text for straight-line code over named cells (tape addresses)."""

    def __init__(self):
        self.code = []
        self.pos = 0
        self.nslots = 0
        self.free = []

    # -- cells ---------------------------------------------------------------------
    def var(self):
        """A variable (its value cell's address); its two scratch cells follow it."""
        if self.free:
            return self.free.pop()
        a = 3 * self.nslots
        self.nslots += 1
        return a

    def release(self, *cells):
        """Cells given back must hold 0."""
        self.free.extend(reversed(cells))

    # -- primitives ----------------------------------------------------------------
    def emit(self, text):
        self.code.append(text)

    def at(self, a):
        d = a - self.pos
        self.emit(">" * d if d > 0 else "<" * -d)
        self.pos = a

    def add(self, a, n):
        n %= 256
        if n:
            self.at(a)
            self.emit("+" * n if n <= 128 else "-" * (256 - n))

    def clear(self, a):
        self.at(a)
        self.emit("[-]")

    def set(self, a, n):
        self.clear(a)
        self.add(a, n)

    def loop(self, a, body):
        """while cell a != 0: body (which must leave the pointer anywhere)."""
        self.at(a)
        self.emit("[")
        body()
        self.at(a)
        self.emit("]")

    def move(self, src, *dsts):
        """Add src to each dst; src becomes 0."""
        def body():
            self.add(src, -1)
            for d in dsts:
                self.add(d, 1)
        self.loop(src, body)

    def copy(self, src, dst):
        """dst += src, src kept."""
        t = self.var()
        self.move(src, dst, t)
        self.move(t, src)
        self.release(t)

    def if_else(self, a, then=None, other=None):
        """Run `then` if cell a != 0, else `other`; a is kept (either may change it)."""
        flag, zero = a + 1, a + 2
        self.add(flag, 1)
        self.at(a)
        self.emit("[")
        if then:
            then()
        self.at(flag)
        self.emit("-]>")        # a != 0: at flag (now 0), then zero; a == 0: at a, then flag (1)
        self.pos = flag
        self.emit("[-")
        if other:
            other()
        self.at(zero)
        self.emit("]")
        self.pos = zero

    def out_char(self, ch):
        t = self.var()
        self.set(t, ord(ch))
        self.at(t)
        self.emit(".")
        self.clear(t)
        self.release(t)

    def text(self):
        return "".join(self.code)

    # -- arithmetic on magnitudes and signs ----------------------------------------
    def cancel(self, a, b):
        """while a and b: a -= 1, b -= 1  (afterwards one of them is 0)."""
        w = self.var()

        def both():
            self.if_else(a, then=lambda: self.if_else(b, then=lambda: self.add(w, 1)))

        def body():
            self.add(a, -1)
            self.add(b, -1)
            self.add(w, -1)
            both()
        both()
        self.loop(w, body)
        self.release(w)

    def greater(self, m, k, r):
        """r += 1 if cell m > constant k."""
        t, c = self.var(), self.var()
        self.copy(m, t)
        self.set(c, k)
        self.cancel(t, c)
        self.clear(c)
        self.if_else(t, then=lambda: self.add(r, 1))
        self.clear(t)
        self.release(t, c)

    def mul_div(self, a, b, q, d_const):
        """q += (a * b) // d_const, counted in unary."""
        d, i = self.var(), self.var()
        self.set(d, d_const)
        self.copy(a, i)

        def outer():
            self.add(i, -1)
            j = self.var()
            self.copy(b, j)

            def inner():
                self.add(j, -1)
                self.add(d, -1)
                self.if_else(d, other=lambda: (self.add(d, d_const), self.add(q, 1)))
            self.loop(j, inner)
            self.release(j)
        self.loop(i, outer)
        self.clear(d)
        self.release(d, i)

    def xor(self, s1, s2, r):
        """r += s1 xor s2 (signs are 0 or 1)."""
        self.if_else(s1, then=lambda: self.if_else(s2, other=lambda: self.add(r, 1)),
                     other=lambda: self.if_else(s2, then=lambda: self.add(r, 1)))

    def signed_add(self, s1, m1, s2, m2):
        """(s1, m1) += (s2, m2); m2 becomes 0, s2 is kept."""
        x = self.var()
        self.xor(s1, s2, x)
        self.if_else(x, then=lambda: self.cancel(m1, m2))
        self.clear(x)
        self.release(x)
        self.if_else(m1, other=lambda: (self.clear(s1), self.copy(s2, s1)))
        self.move(m2, m1)

    def signed_inc(self, s, m):
        """(s, m) += 1 unit."""
        self.if_else(s, then=lambda: (self.add(m, -1), self.if_else(m, other=lambda: self.clear(s))),
                     other=lambda: self.add(m, 1))


PALETTE = " .:+"         # escaped early ... escaped late; '#' never escaped


def _geometry(scale, xstep, ystep):
    if scale % 2 or not 2 <= scale <= 30:
        raise ValueError("scale must be even, 2..30 (magnitudes stay below 256)")
    ymax = (9 * scale // 8) // ystep * ystep
    xs = range(-2 * scale, scale // 2 + 1, xstep)
    ys = range(-ymax, ymax + 1, ystep)
    return xs, ys


def _shade_thresholds(maxiter):
    # escaped with more than k iterations left -> PALETTE[i]
    n = len(PALETTE)
    return [maxiter - max(1, (maxiter * (i + 1)) // (n + 1)) for i in range(n - 1)]


def generate(scale=16, maxiter=24, xstep=1, ystep=2):
    """Brainfuck source for the picture `model(scale, maxiter, xstep, ystep)` gives."""
    if not 1 <= maxiter <= 255:
        raise ValueError("maxiter must be 1..255")
    S = scale
    xs, ys = _geometry(scale, xstep, ystep)
    g = Emitter()
    scx, mcx, scy, mcy = g.var(), g.var(), g.var(), g.var()
    rows, cols = g.var(), g.var()
    sx, mx, sy, my = g.var(), g.var(), g.var(), g.var()
    n, e, esc, ne = g.var(), g.var(), g.var(), g.var()
    xx, yy, xy, sxy = g.var(), g.var(), g.var(), g.var()
    thresholds = _shade_thresholds(maxiter)

    def update():
        g.mul_div(mx, my, xy, S // 2)
        g.xor(sx, sy, sxy)
        # x = xx - yy + cx
        g.clear(sx)
        g.clear(mx)
        g.move(xx, mx)
        neg = g.var()
        g.add(neg, 1)
        g.signed_add(sx, mx, neg, yy)
        g.clear(neg)
        g.release(neg)
        t = g.var()
        g.copy(mcx, t)
        g.signed_add(sx, mx, scx, t)
        # y = xy + cy
        g.clear(sy)
        g.clear(my)
        g.move(xy, my)
        g.move(sxy, sy)
        g.copy(mcy, t)
        g.signed_add(sy, my, scy, t)
        g.release(t)

    def squares():
        g.mul_div(mx, mx, xx, S)
        g.mul_div(my, my, yy, S)
        t, e2 = g.var(), g.var()
        g.copy(xx, t)
        g.copy(yy, t)
        g.greater(t, 4 * S, e2)
        g.clear(t)
        g.if_else(e2, then=lambda: (g.clear(xx), g.clear(yy), g.add(e, 1)), other=update)
        g.clear(e2)
        g.release(t, e2)

    def iteration():
        g.greater(mx, 2 * S, e)
        g.greater(my, 2 * S, e)
        g.if_else(e, other=squares)
        g.if_else(e, then=lambda: (g.add(esc, 1), g.copy(n, ne), g.clear(n)),
                  other=lambda: g.add(n, -1))
        g.clear(e)

    def shade(k=0):
        if k == len(thresholds):
            g.out_char(PALETTE[-1])
            return
        r = g.var()
        g.greater(ne, thresholds[k], r)
        g.if_else(r, then=lambda: g.out_char(PALETTE[k]), other=lambda: shade(k + 1))
        g.clear(r)
        g.release(r)

    def pixel():
        g.add(cols, -1)
        g.set(n, maxiter)
        g.loop(n, iteration)
        g.if_else(esc, then=shade, other=lambda: g.out_char("#"))
        for c in (esc, ne, sx, mx, sy, my):
            g.clear(c)
        for _ in range(xstep):
            g.signed_inc(scx, mcx)

    def row():
        g.add(rows, -1)
        g.set(scx, 1 if xs[0] < 0 else 0)
        g.set(mcx, abs(xs[0]))
        g.set(cols, len(xs))
        g.loop(cols, pixel)
        g.out_char("\n")
        for _ in range(ystep):
            g.signed_inc(scy, mcy)

    g.set(scy, 1 if ys[0] < 0 else 0)
    g.set(mcy, abs(ys[0]))
    g.set(rows, len(ys))
    g.loop(rows, row)
    header = (f"Mandelbrot set: scale {scale} maxiter {maxiter} xstep {xstep} ystep {ystep}\n"
              f"generated by the mandelgen module of pvmx's examples/bf\n")
    # the header must hold no command characters
    header = "".join(c for c in header if c not in "+-<>[].,")
    return header + _wrap(g.text())


def _wrap(code, width=72):
    return "\n".join(code[i:i + width] for i in range(0, len(code), width)) + "\n"


def model(scale=16, maxiter=24, xstep=1, ystep=2):
    """The picture the generated program prints, computed in Python."""
    S = scale
    xs, ys = _geometry(scale, xstep, ystep)
    thresholds = _shade_thresholds(maxiter)
    lines = []
    for cy in ys:
        line = []
        for cx in xs:
            x = y = 0
            n = maxiter
            left = None
            while n:
                if abs(x) > 2 * S or abs(y) > 2 * S:
                    left = n
                    break
                xx, yy = x * x // S, y * y // S
                if xx + yy > 4 * S:
                    left = n
                    break
                xy = abs(x) * abs(y) // (S // 2)
                if (x < 0) != (y < 0):
                    xy = -xy
                x, y = xx - yy + cx, xy + cy
                n -= 1
            if left is None:
                line.append("#")
            else:
                k = next((i for i, t in enumerate(thresholds) if left > t), len(thresholds))
                line.append(PALETTE[k])
        lines.append("".join(line) + "\n")
    return "".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m examples.bf.mandelgen",
                                 description="Write a Brainfuck Mandelbrot program.")
    ap.add_argument("--scale", type=int, default=16, help="fixed-point units per 1.0 (even, 2..30)")
    ap.add_argument("--maxiter", type=int, default=24)
    ap.add_argument("--xstep", type=int, default=1)
    ap.add_argument("--ystep", type=int, default=2)
    ap.add_argument("--model", action="store_true", help="print the picture, computed in Python")
    a = ap.parse_args(argv)
    if a.model:
        sys.stdout.write(model(a.scale, a.maxiter, a.xstep, a.ystep))
    else:
        sys.stdout.write(generate(a.scale, a.maxiter, a.xstep, a.ystep))


if __name__ == "__main__":
    main()
