# A tokenizer and recursive-descent parser/evaluator for arithmetic expressions with
# variables, written in guest code; string scanning with index loops.


class Token:
    __slots__ = ("kind", "text")

    def __init__(self, kind, text):
        self.kind = kind
        self.text = text

    def __repr__(self):
        return "%s:%s" % (self.kind, self.text)


def tokenize(src):
    toks = []
    i = 0
    n = len(src)
    while i < n:
        c = src[i]
        if c.isspace():
            i += 1
        elif c.isdigit() or c == ".":
            j = i
            while j < n and (src[j].isdigit() or src[j] == "."):
                j += 1
            toks.append(Token("num", src[i:j]))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            toks.append(Token("name", src[i:j]))
            i = j
        elif src.startswith("**", i):
            toks.append(Token("op", "**"))
            i += 2
        elif c in "+-*/%()":
            toks.append(Token("op", c))
            i += 1
        else:
            raise SyntaxError("bad char %r at %d" % (c, i))
    toks.append(Token("end", ""))
    return toks


class Parser:
    def __init__(self, toks, env):
        self.toks = toks
        self.pos = 0
        self.env = env

    def peek(self):
        return self.toks[self.pos]

    def eat(self, text=None):
        t = self.toks[self.pos]
        if text is not None and t.text != text:
            raise SyntaxError("expected %r got %r" % (text, t.text))
        self.pos += 1
        return t

    def expr(self):
        v = self.term()
        while self.peek().text in ("+", "-"):
            op = self.eat().text
            r = self.term()
            v = v + r if op == "+" else v - r
        return v

    def term(self):
        v = self.factor()
        while self.peek().text in ("*", "/", "%"):
            op = self.eat().text
            r = self.factor()
            if op == "*":
                v = v * r
            elif op == "/":
                v = v / r
            else:
                v = v % r
        return v

    def factor(self):
        if self.peek().text == "-":
            self.eat()
            return -self.factor()
        base = self.atom()
        if self.peek().text == "**":
            self.eat()
            return base ** self.factor()
        return base

    def atom(self):
        t = self.eat()
        if t.kind == "num":
            return float(t.text) if "." in t.text else int(t.text)
        if t.kind == "name":
            if self.peek().text == "(":
                self.eat("(")
                arg = self.expr()
                self.eat(")")
                return FUNCS[t.text](arg)
            return self.env[t.text]
        if t.text == "(":
            v = self.expr()
            self.eat(")")
            return v
        raise SyntaxError("unexpected %r" % t.text)


FUNCS = {"abs": abs, "sq": lambda v: v * v, "neg": lambda v: -v}


def evaluate(src, env):
    p = Parser(tokenize(src), env)
    v = p.expr()
    p.eat("")
    return v


def main():
    print(tokenize("x1 + 2**3 * (y - 4.5)"))
    env = {"x": 3, "y": 10, "z": 2.5}
    exprs = ["1 + 2 * 3", "(1 + 2) * 3", "2 ** 3 ** 2", "-2 ** 2", "x * y - z", "sq(x) + abs(neg(y))",
             "7 % 3 + 10 / 4", "((((x))))", "2 ** -1", "100 - 3 - 2 - 1"]
    for e in exprs:
        print(e, "=", evaluate(e, env), eval(e.replace("sq(", "(lambda v: v * v)(").replace("neg(", "(lambda v: -v)("), {}, dict(env)))
    total = 0
    for i in range(600):
        env["x"] = i
        total += evaluate("x * x - 3 * x + sq(x % 7) - (x - 1) % 5", env)
    print(total)
    for bad in ("1 +", "(1", "1 $ 2", "q"):
        try:
            evaluate(bad, env)
        except SyntaxError as e:
            print("SyntaxError", e)
        except KeyError as e:
            print("KeyError", e)


main()
