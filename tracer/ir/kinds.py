"""The four kinds of IR values.

`int` is a machine int64, `float` an IEEE double, `ref` a host object (a
PyObject* to the backend), `void` the "result" of an op that has none.
Kinds are singletons compared by identity.
"""


class Kind:
    __slots__ = ("name", "letter", "prefix", "noun")

    def __init__(self, name, letter, prefix):
        self.name = name
        self.letter = letter        # used by the op table's signatures
        self.prefix = prefix        # first letter of a value's name in the text form
        self.noun = ("an " if name[0] in "aeiou" else "a ") + name    # for messages

    def __repr__(self):
        return self.name.upper()

    def __reduce__(self):
        return (_kind_by_name, (self.name,))


INT = Kind("int", "i", "i")
FLOAT = Kind("float", "f", "f")
REF = Kind("ref", "r", "p")        # PyPy's "p" for pointer, as in its test traces
VOID = Kind("void", "v", None)

VALUE_KINDS = (INT, FLOAT, REF)
KIND_BY_LETTER = {k.letter: k for k in (INT, FLOAT, REF, VOID)}
KIND_BY_PREFIX = {k.prefix: k for k in VALUE_KINDS}


def _kind_by_name(name):
    return {"int": INT, "float": FLOAT, "ref": REF, "void": VOID}[name]
