"""CPython 3.11's object layouts, as the machine code reads them.

Every offset the generated code uses is here, and each is checked against
the running interpreter when this module is imported (by reading real
objects through ctypes).  If a check fails, `LAYOUT_OK` is False and
`LAYOUT_PROBLEM` says why; the backend selector then falls back to the IR
executor rather than run code built on wrong offsets.

    PyObject        ob_refcnt @0, ob_type @8               (no debug build:
                                                            no _ob_next/_ob_prev)
    PyVarObject     ob_size @16
    PyTupleObject   ob_item[] @24 (inline)
    PyListObject    ob_item @24 (PyObject **), allocated @32
    PyFloatObject   ob_fval @16
    PyLongObject    ob_size @16 (sign = sign of the int, |size| = digits),
                    ob_digit[] @24, 30-bit digits in uint32 words
    small ints      -5..256 are preallocated, one PyLongObject every 32 bytes
                    from -5's (the interpreter's own: int objects in that
                    range are always these)
    managed dict    an instance of a class with Py_TPFLAGS_MANAGED_DICT keeps
                    its dict (NULL until something asks for `__dict__`) in
                    the word at -24, before the GC header
    PyModuleObject  md_dict @16 (set when the module is made, never NULL while
                    anything refers to the module)
    PyTypeObject    tp_flags @168, tp_weaklistoffset @208, tp_alloc @304,
                    tp_del @376, tp_finalize @392 (tp_del or tp_finalize set:
                    freeing an instance runs a finalizer; a non-NULL word at
                    tp_weaklistoffset: it has weak references, whose
                    callbacks run when it is freed)
    PyDictObject    ma_version_tag @24: a new number from one global counter at
                    every change of any dict (PEP 509), so a version names
                    one dict in one state; ma_keys @32; ma_values @40 (NULL
                    for a combined table, else the split table's values:
                    values[i] goes with entry i of the shared keys)
    PyDictKeysObject
                    dk_refcnt @0 (the dicts sharing the keys object: a
                    split table's, with its class), dk_log2_size @8
                    (uint8), dk_log2_index_bytes @9 (uint8), dk_kind @10
                    (uint8: 0 general, 1 unicode, 2 split), dk_nentries
                    @24, then the index table @32 of
                    1 << dk_log2_size indices, each of 1 << (log2_index_bytes
                    - log2_size) bytes, signed (-1 empty, -2 deleted), then
                    the entries: for the unicode and split kinds {me_key,
                    me_value}, 16 bytes (a deleted entry's key is NULL, and
                    entries never move while the keys object lives: a resize
                    makes a new one).  A lookup of hash h starts at index
                    h & (size - 1); an empty index there: the key is absent.
    PyASCIIObject   hash @24 (-1 until computed)
"""

import ctypes
import sys
import types
import weakref

from . import capi

OB_REFCNT = 0
OB_TYPE = 8
OB_SIZE = 16
TUPLE_ITEMS = 24
LIST_ITEMS = 24
FLOAT_VALUE = 16
LONG_DIGITS = 24
DIGIT_BITS = 30
DIGIT_BYTES = 4
WORD = 8
MANAGED_DICT_FLAG = 1 << 4
MANAGED_DICT = -24
CELL_CONTENTS = 16      # PyCellObject.ob_ref, NULL when the cell is empty
SMALL_INT_MIN, SMALL_INT_MAX = -5, 256
SMALL_INT_STRIDE = 32
SMALL_INTS = id(SMALL_INT_MIN)      # the address of the first one
DICT_VERSION = 24
DICT_KEYS = 32
DICT_VALUES = 40
DK_REFCNT = 0
DK_LOG2_SIZE = 8
DK_LOG2_INDEX_BYTES = 9
DK_KIND = 10
DK_KIND_GENERAL = 0
DK_NENTRIES = 24
DK_INDICES = 32
DK_STR_ENTRY = 16       # {me_key, me_value} of the unicode and split kinds
DKIX_EMPTY = -1
STR_HASH = 24
MODULE_DICT = 16
TP_FLAGS = 168
TP_WEAKLISTOFFSET = 208
TP_ALLOC = 304
TP_NEW = 312
TP_DEL = 376
TP_FINALIZE = 392
# PyGenObject: gi_frame_state, an int8 (CPython's _framestate): a generator
# freed while suspended at a yield runs its cleanup (close() throws
# GeneratorExit in), one never started or finished only marks itself closed
GI_FRAME_STATE = 75
FRAME_CREATED, FRAME_SUSPENDED, FRAME_EXECUTING, FRAME_COMPLETED = -2, -1, 0, 1
TPFLAGS_IS_ABSTRACT = 1 << 20


def _word(addr):
    return ctypes.c_ssize_t.from_address(addr).value


def _check():
    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        return f"CPython 3.11 object layouts, not {sys.implementation.name} {sys.version}"
    if ctypes.sizeof(ctypes.c_void_p) != 8:
        return "a 64-bit interpreter"
    if hasattr(sys, "gettotalrefcount"):
        return "a release build of CPython (a debug build has a longer object header)"
    if sys.int_info.bits_per_digit != DIGIT_BITS or sys.int_info.sizeof_digit != DIGIT_BYTES:
        return f"30-bit int digits, not {sys.int_info}"
    probe = [object() for _ in range(3)]
    holder = [probe[0]] * 5
    before = _word(id(probe[0]) + OB_REFCNT)
    holder.append(probe[0])
    if _word(id(probe[0]) + OB_REFCNT) != before + 1:
        return "ob_refcnt at offset 0"
    for obj in (1.5, (1, 2), [3], probe[1], int):
        if _word(id(obj) + OB_TYPE) != id(type(obj)):
            return "ob_type at offset 8"
    t = (probe[0], probe[1], probe[2])
    if _word(id(t) + OB_SIZE) != 3 or any(
            _word(id(t) + TUPLE_ITEMS + WORD * k) != id(t[k]) for k in range(3)):
        return "tuple ob_size at 16 and items at 24"
    lst = list(probe)
    items = _word(id(lst) + LIST_ITEMS)
    if _word(id(lst) + OB_SIZE) != 3 or any(
            _word(items + WORD * k) != id(lst[k]) for k in range(3)):
        return "list ob_size at 16 and ob_item at 24"
    for x in (1.5, -0.0, 1e300):
        if ctypes.c_double.from_address(id(x) + FLOAT_VALUE).value != x:
            return "float ob_fval at 16"
    for n in (0, 1, -1, 5, -7, 2 ** 40 + 3, -(2 ** 62), 2 ** 63 - 1, -(2 ** 63), True, False):
        size = _word(id(n) + OB_SIZE)
        digits = [ctypes.c_uint32.from_address(id(n) + LONG_DIGITS + DIGIT_BYTES * k).value
                  for k in range(abs(size))]
        value = sum(d << (DIGIT_BITS * k) for k, d in enumerate(digits))
        if (-value if size < 0 else value) != n:
            return f"int ob_size at 16 and 30-bit digits at 24 (read {n} wrong)"

    if any(id(int(str(n))) != SMALL_INTS + SMALL_INT_STRIDE * (n - SMALL_INT_MIN)
           for n in range(SMALL_INT_MIN, SMALL_INT_MAX + 1)):
        return "the small ints -5..256 in one array, 32 bytes apart"

    class Instance:
        pass
    inst = Instance()
    inst.x = 1
    if not Instance.__flags__ & MANAGED_DICT_FLAG or _word(id(inst) + MANAGED_DICT) != 0:
        return "an instance's dict managed at -24, made on demand"
    d1, d2 = {}, {}
    v1, v2 = _word(id(d1) + DICT_VERSION), _word(id(d2) + DICT_VERSION)
    d1["k"] = d2
    v3 = _word(id(d1) + DICT_VERSION)
    _ = d1["k"]
    if not 0 < v1 < v2 < v3 or _word(id(d1) + DICT_VERSION) != v3:
        return "a dict's ma_version_tag at 24, changed by writes only"
    problem = _check_dict_entries(inst)
    if problem:
        return problem
    if _word(id(sys) + MODULE_DICT) != id(sys.__dict__) \
            or _word(id(types) + MODULE_DICT) != id(types.__dict__):
        return "a module's md_dict at 16"
    if _word(id(Instance) + TP_FLAGS) != Instance.__flags__:
        return "a type's tp_flags at 168"
    if _word(id(Instance) + TP_ALLOC) != capi.address("PyType_GenericAlloc"):
        return "a class's tp_alloc at 304, PyType_GenericAlloc"
    if _word(id(list) + TP_NEW) != capi.address("PyType_GenericNew") \
            or _word(id(Instance) + TP_NEW) != _word(id(object) + TP_NEW):
        return "a type's tp_new at 312, inherited from object by a class"

    class Finalized:
        def __del__(self):
            pass
    finalized = (Finalized, types.GeneratorType)
    if not all(_word(id(t) + TP_FINALIZE) for t in finalized) \
            or any(_word(id(t) + TP_FINALIZE) or _word(id(t) + TP_DEL)
                   for t in (Instance, int, float, list, tuple)):
        return "a type's tp_del at 376 and tp_finalize at 392"

    def gen():
        yield 1
    states = []
    g = gen()
    for _ in range(3):
        states.append(ctypes.c_int8.from_address(id(g) + GI_FRAME_STATE).value)
        next(g, None)
    if states[:2] != [FRAME_CREATED, FRAME_SUSPENDED] or states[2] < FRAME_COMPLETED:
        return "a generator's gi_frame_state at 75"
    target = Instance()
    ref = weakref.ref(target)
    offset = _word(id(Instance) + TP_WEAKLISTOFFSET)
    if offset != Instance.__weakrefoffset__ or offset <= 0 \
            or _word(id(target) + offset) != id(ref):
        return "a type's tp_weaklistoffset at 208, the weak references' list there"
    d = inst.__dict__
    if _word(id(inst) + MANAGED_DICT) != id(d):
        return "an instance's managed dict at -24"
    cells = (types.CellType(), types.CellType(d))
    if _word(id(cells[0]) + CELL_CONTENTS) != 0 or _word(id(cells[1]) + CELL_CONTENTS) != id(d):
        return "a cell's contents at 16"
    return None


def _entry_keys(d):
    """The key addresses of the entries of `d`'s str-keyed table, in order,
    read as the machine code reads them (None for the general kind)."""
    keys = _word(id(d) + DICT_KEYS)
    if ctypes.c_uint8.from_address(keys + DK_KIND).value == DK_KIND_GENERAL:
        return None
    log2_index_bytes = ctypes.c_uint8.from_address(keys + DK_LOG2_INDEX_BYTES).value
    entries = keys + DK_INDICES + (1 << log2_index_bytes)
    n = _word(keys + DK_NENTRIES)
    words = memoryview(ctypes.string_at(entries, DK_STR_ENTRY * n)).cast("Q")
    return entries, list(words[::DK_STR_ENTRY // WORD])


def _dict_entry(d, key):
    """(index, value address) of `key`'s entry in `d`, or None for the
    general kind or an absent key."""
    table = _entry_keys(d)
    if table is None or id(key) not in table[1]:
        return None
    entries, keys = table
    ix = keys.index(id(key))
    values = _word(id(d) + DICT_VALUES)
    if values:
        return ix, values + WORD * ix
    return ix, entries + DK_STR_ENTRY * ix + WORD


def _probes(d, key):
    """The entry indices a lookup of str `key` in `d`'s str-keyed table
    reads, in order, as CPython's lookup (and the runtime's dict_lookup)
    visits the index table; DKIX_EMPTY: absent."""
    keys = _word(id(d) + DICT_KEYS)
    log2_size = ctypes.c_uint8.from_address(keys + DK_LOG2_SIZE).value
    width = 1 << (ctypes.c_uint8.from_address(keys + DK_LOG2_INDEX_BYTES).value - log2_size)
    mask = (1 << log2_size) - 1
    perturb = _word(id(key) + STR_HASH) & (2 ** 64 - 1)
    slot = perturb & mask
    while True:
        yield int.from_bytes(ctypes.string_at(keys + DK_INDICES + width * slot, width),
                             "little", signed=True)
        perturb >>= 5
        slot = (slot * 5 + perturb + 1) & mask


def _check_dict_entries(inst):
    """A combined str-keyed dict and an instance's split dict, read by entry
    and by their index tables."""
    names = [f"name{k}" for k in range(40)]     # enough for a larger index table
    combined = {name: object() for name in names}
    inst.y = object()
    split = inst.__dict__
    if _word(id(combined) + DICT_VALUES) != 0 or _word(id(split) + DICT_VALUES) == 0:
        return "a dict's ma_values at 40, NULL for a combined table"
    keys = _word(id(split) + DICT_KEYS)
    shared = _word(keys + DK_REFCNT)
    other = type(inst)()
    other.x = 1
    also = other.__dict__             # another split table of the class's keys
    if _word(id(also) + DICT_KEYS) != keys or _word(keys + DK_REFCNT) != shared + 1:
        return "a dict's keys' dk_refcnt at 0, one per table sharing them"
    general = {1: 2}
    keys = _word(id(general) + DICT_KEYS)
    if ctypes.c_uint8.from_address(keys + DK_KIND).value != DK_KIND_GENERAL:
        return "a dict's keys' dk_kind at 10, 0 for keys not all str"
    for d in (combined, split):
        for key, value in d.items():
            found = _dict_entry(d, key)
            if found is None or _word(found[1]) != id(value):
                return ("a dict's ma_keys at 32, the keys' dk_log2_index_bytes at 9, "
                        "dk_nentries at 24 and str-keyed entries of 16 bytes after "
                        "the index table at 32")
    text = "a str"
    computed = hash(text)           # a str's hash is computed when first asked for
    if _word(id(text) + STR_HASH) != computed:
        return "a str's hash at 24"
    wider = {f"k{i}": i for i in range(200)}        # two-byte indices
    for d in (combined, split, wider):
        at = {addr: ix for ix, addr in enumerate(_entry_keys(d)[1])}
        for key in list(d)[-16:]:
            for _, ix in zip(range(64), _probes(d, key)):
                if ix == at[id(key)]:
                    break
                if ix == DKIX_EMPTY:
                    return ("a dict's keys' dk_log2_size at 8 and index table at 32 "
                            "(a key's lookup met an empty index)")
            else:
                return "a dict's index table at 32 (a key's lookup did not find it)"
    return None


LAYOUT_PROBLEM = _check()
LAYOUT_OK = LAYOUT_PROBLEM is None


def runs_code_when_freed(obj):
    """Does freeing `obj` run a finalizer (tp_finalize or tp_del set; but a
    generator's only when it is suspended or running: GI_FRAME_STATE) or a
    weak reference's callback (the test the runtime's `release` makes)?"""
    cls = type(obj)
    if weakref.getweakrefcount(obj):
        return True
    if cls is types.GeneratorType:
        return ctypes.c_int8.from_address(id(obj) + GI_FRAME_STATE).value in (
            FRAME_SUSPENDED, FRAME_EXECUTING)
    return bool(_word(id(cls) + TP_FINALIZE) or _word(id(cls) + TP_DEL))


def allocates_plainly(cls):
    """Is `object.__new__(cls)` just `PyType_GenericAlloc(cls, 0)`?  True for
    a class whose `__new__` is object's, that is not abstract (object_new's
    one check when there are no arguments), whose tp_alloc is the generic
    one (every class a `class` statement makes over object), and that has no
    managed dict: for one that has, object_new also lays out the instance's
    inline attribute values (_PyObject_InitializeDict, not exported), and an
    instance without them gets a combined dict of its own when its first
    attribute is set, bigger and slower than the split one sharing the
    class's keys (`news_as_object`)."""
    return (news_as_object(cls) and not cls.__flags__ & MANAGED_DICT_FLAG
            and _word(id(cls) + TP_ALLOC) == capi.address("PyType_GenericAlloc"))


def news_as_object(cls):
    """Is `object.__new__(cls)` object's tp_new (`object_tp_new()`) called
    with no arguments?  The same without the call through its Python-level
    wrapper, which checks the arguments and the class."""
    return (LAYOUT_OK and isinstance(cls, type) and cls.__new__ is object.__new__
            and not cls.__flags__ & TPFLAGS_IS_ABSTRACT)


def object_tp_new():
    """The address of object_new, `object`'s tp_new(type, args, kwds)."""
    return _word(id(object) + TP_NEW)


# --- __slots__ members: where an interpreter object keeps a field ---------------
#
# A class with __slots__ gets a member_descriptor per slot (PyMemberDescrObject:
# PyObject_HEAD, d_type, d_name, d_qualname, then d_member -> PyMemberDef
# {name, type, offset, flags, doc}); the field is a PyObject* at `offset` in
# the instance, NULL while unset.
MEMBER_DESCR_MEMBER = 40
MEMBER_DEF_TYPE = 8
MEMBER_DEF_OFFSET = 16
T_OBJECT_EX = 16


def slot_offset(owner, name):
    """The offset of the __slots__ field `name` in instances of `owner`, or
    None when the field is not a plain object slot (then the backend gets
    and sets it through the attribute protocol)."""
    if not LAYOUT_OK or not isinstance(owner, type):
        return None
    if owner is types.CellType:
        return CELL_CONTENTS if name == "cell_contents" else None
    if owner is types.ModuleType:
        # a T_OBJECT member (None when NULL), but a module's dict never is
        return MODULE_DICT if name == "__dict__" else None
    for klass in owner.__mro__:
        d = klass.__dict__.get(name)
        if d is None:
            continue
        if type(d).__name__ != "member_descriptor":
            return None
        member = _word(id(d) + MEMBER_DESCR_MEMBER)
        if ctypes.c_int.from_address(member + MEMBER_DEF_TYPE).value != T_OBJECT_EX:
            return None
        return _word(member + MEMBER_DEF_OFFSET)
    return None


def _check_slots():
    class Probe:
        __slots__ = ("a", "b")
    p = Probe()
    p.a, p.b = object(), object()
    for name in ("a", "b"):
        off = slot_offset(Probe, name)
        if off is None or _word(id(p) + off) != id(getattr(p, name)):
            return "__slots__ member offsets"
    return None


if LAYOUT_OK:
    LAYOUT_PROBLEM = _check_slots()
    LAYOUT_OK = LAYOUT_PROBLEM is None


def managed_dict(owner):
    """Do instances of `owner` keep their `__dict__` at MANAGED_DICT?"""
    return isinstance(owner, type) and bool(owner.__flags__ & MANAGED_DICT_FLAG)
