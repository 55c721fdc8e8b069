# Class attributes vs instance attributes, properties with setters and deleters.


class Account:
    rate = 0.01
    count = 0
    history = []  # shared mutable class attribute

    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        Account.count += 1

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, value):
        if value < 0:
            raise ValueError("negative balance")
        self._balance = value

    @balance.deleter
    def balance(self):
        self.history.append(("closed", self.owner))
        self._balance = 0

    @property
    def doubled(self):
        return self._balance * 2


class Savings(Account):
    rate = 0.05


class Temperature:
    def __init__(self):
        self._c = 0.0

    def _get_f(self):
        return self._c * 9 / 5 + 32

    def _set_f(self, f):
        self._c = (f - 32) * 5 / 9

    fahrenheit = property(_get_f, _set_f, doc="degrees F")


def main():
    a = Account("ann", 10)
    b = Savings("bob")
    print(a.rate, b.rate, Account.count)
    a.rate = 0.5  # instance attribute shadows class attribute
    print(a.rate, Account.rate, b.rate, "rate" in vars(a))
    del a.rate
    print(a.rate)
    Account.rate = 0.02
    print(a.rate, b.rate)
    for i in range(5000):
        b.balance = b.balance + i % 10
        a.balance += 1
    print(a.balance, b.balance, b.doubled)
    try:
        a.balance = -1
    except ValueError as e:
        print("ValueError", e)
    try:
        a.doubled = 3
    except AttributeError as e:
        print("AttributeError", e)
    del b.balance
    print(b.balance, Account.history, a.history is b.history)
    t = Temperature()
    acc = 0.0
    for i in range(3000):
        t.fahrenheit = i
        acc += t._c
    print(round(acc, 6), t.fahrenheit, Temperature.fahrenheit.__doc__)
    print(type(Account.balance).__name__, Account.balance.fget.__name__)
    Account.bonus = lambda self: self._balance + 1000
    print(a.bonus(), b.bonus())
    s = 0
    for i in range(2000):
        c = Account("c%d" % i, i)
        s += c.balance
    print(s, Account.count)


main()
