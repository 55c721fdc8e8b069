"""THE op table: every IR op is defined here once, and only here.

Each row gives an op's name, its argument signature, its result kind, what
its descr is, and its flags.  The recorder, the optimizer's dispatch, the
verifier, the text form, the executor and the backend are all driven by the
`OpInfo` records built from this table (models: LuaJIT's `lj_ir.h`, PyPy's
`resoperation.py`).  What each op computes is written down in
`tracer/README.md`; `tracer/ir/semantics.py` is its executable form.

Signature tokens (`args` column, comma-separated):

    i f r   one argument of kind int, float or ref
    x       any value kind; all `x` of one op must have the same kind
    !       suffix: the argument must be a constant
    *       any number of arguments of any kind (checked against the descr
            for calls, against the target label for jumps)
    *r      any number of refs
    -       no arguments

Result column: `i` int, `f` float, `r` ref, `v` no result.

Descr column (what `op.descr` holds):

    target    a TargetToken (label: the one it defines; jump: where it goes)
    exit      finish: anything the resume machinery wants (optional)
    location  debug_merge_point: the guest location; printed with str()
    field     a FieldDescr naming an attribute of an interpreter object
    call      a CallDescr: host callable, argument and result kinds, effects
    class     new_object: the host class to instantiate

Flags:

    pure         no side effect and the result depends only on the
                 arguments: may be folded when they are constants and
                 merged with an equal op (CSE)
    comparison   the result is 0 or 1
    commutative  the two arguments may be swapped
    ovf          overflow-checked: must be followed at once by
                 guard_no_overflow or guard_overflow, which test its flag
    guard        leaves the trace when its condition does not hold;
                 carries a snapshot and gets an exit number
    reads        the result depends on mutable heap state (not foldable,
                 but removable when unused)
    writes       writes the heap
    alloc        allocates a fresh object (removable when unused; may
                 become a virtual)
    call         residual call: the descr tells whether it may raise (then
                 guard_no_exception must follow at once) and what it writes
    label        a loop entry point; its arguments are the only values
                 live after it
    final        ends the trace (jump or finish)

Derived in OpInfo: has_result, is_exit (guards and finish), is_removable
(may go when its result is unused), may_raise and has_side_effects (for
calls refined by the descr: see Op.may_raise(), Op.has_side_effects()).
"""

from .kinds import FLOAT, INT, KIND_BY_LETTER, REF, VOID

_TABLE = """
# name                            args      result  descr     flags
# --- control ---------------------------------------------------------------
label                             *         v       target    label
jump                              *         v       target    final
finish                            *         v       exit      final
debug_merge_point                 -         v       location
# --- int64 ------------------------------------------------------------------
int_add                           i,i       i       -         pure commutative
int_sub                           i,i       i       -         pure
int_mul                           i,i       i       -         pure commutative
int_add_ovf                       i,i       i       -         ovf commutative
int_sub_ovf                       i,i       i       -         ovf
int_mul_ovf                       i,i       i       -         ovf commutative
int_py_div                        i,i       i       -         pure
int_py_div_ovf                    i,i       i       -         ovf
int_py_mod                        i,i       i       -         pure
int_and                           i,i       i       -         pure commutative
int_or                            i,i       i       -         pure commutative
int_xor                           i,i       i       -         pure commutative
int_lshift                        i,i       i       -         pure
int_lshift_ovf                    i,i       i       -         ovf
int_rshift                        i,i       i       -         pure
uint_rshift                       i,i       i       -         pure
int_neg                           i         i       -         pure
int_invert                        i         i       -         pure
int_lt                            i,i       i       -         pure comparison
int_le                            i,i       i       -         pure comparison
int_eq                            i,i       i       -         pure comparison commutative
int_ne                            i,i       i       -         pure comparison commutative
int_gt                            i,i       i       -         pure comparison
int_ge                            i,i       i       -         pure comparison
uint_lt                           i,i       i       -         pure comparison
uint_le                           i,i       i       -         pure comparison
uint_gt                           i,i       i       -         pure comparison
uint_ge                           i,i       i       -         pure comparison
int_is_true                       i         i       -         pure comparison
int_is_zero                       i         i       -         pure comparison
# --- float ------------------------------------------------------------------
float_add                         f,f       f       -         pure commutative
float_sub                         f,f       f       -         pure
float_mul                         f,f       f       -         pure commutative
float_truediv                     f,f       f       -         pure
float_neg                         f         f       -         pure
float_abs                         f         f       -         pure
float_sqrt                        f         f       -         pure
float_lt                          f,f       i       -         pure comparison
float_le                          f,f       i       -         pure comparison
float_eq                          f,f       i       -         pure comparison commutative
float_ne                          f,f       i       -         pure comparison commutative
float_gt                          f,f       i       -         pure comparison
float_ge                          f,f       i       -         pure comparison
cast_int_to_float                 i         f       -         pure
cast_float_to_int                 f         i       -         pure
convert_float_bytes_to_longlong   f         i       -         pure
convert_longlong_bytes_to_float   i         f       -         pure
# --- guards -----------------------------------------------------------------
guard_true                        i         v       -         guard
guard_false                       i         v       -         guard
guard_value                       x,x!      v       -         guard
guard_class                       r,r!      v       -         guard
guard_nonnull                     r         v       -         guard
guard_isnull                      r         v       -         guard
guard_int64                       r         v       -         guard
guard_no_overflow                 -         v       -         guard
guard_overflow                    -         v       -         guard
guard_no_exception                -         v       -         guard
# --- refs: identity, boxes, tuples, lists, objects -------------------------
ptr_eq                            r,r       i       -         pure comparison commutative
ptr_ne                            r,r       i       -         pure comparison commutative
box_int                           i         r       -         alloc
unbox_int                         r         i       -         pure
box_float                         f         r       -         alloc
unbox_float                       r         f       -         pure
box_bool                          i         r       -         pure
new_tuple                         *r        r       -         alloc
getitem_tuple                     r,i       r       -         pure
len_tuple                         r         i       -         pure
new_list                          *r        r       -         alloc
getitem_list                      r,i       r       -         reads
setitem_list                      r,i,r     v       -         writes
len_list                          r         i       -         reads
new_object                        -         r       class     alloc
getfield_i                        r         i       field     reads
getfield_f                        r         f       field     reads
getfield_r                        r         r       field     reads
setfield                          r,x       v       field     writes
# --- calls ------------------------------------------------------------------
call_i                            *         i       call      call
call_f                            *         f       call      call
call_r                            *         r       call      call
call_n                            *         v       call      call
call_pure_i                       *         i       call      call pure
call_pure_f                       *         f       call      call pure
call_pure_r                       *         r       call      call pure
call_assembler_r                  *         r       call      call
same_as_i                         i         i       -         pure
same_as_f                         f         f       -         pure
same_as_r                         r         r       -         pure"""

FLAGS = frozenset("pure comparison commutative ovf guard reads writes alloc "
                  "call label final".split())
DESCR_TYPES = frozenset("target exit location field call class".split())

ANY = None      # an `x` slot in OpInfo.arg_kinds: any value kind


class OpInfo:
    """What the table says about one op, with its flags as attributes."""

    __slots__ = ("opnum", "name", "arg_kinds", "const_args", "variadic",
                 "arity", "result", "descr", "flags", "is_pure",
                 "is_comparison", "is_commutative", "is_ovf", "is_guard",
                 "reads_heap", "writes_heap", "is_alloc", "is_call",
                 "is_label", "is_final", "has_result", "is_removable",
                 "is_exit", "may_raise", "has_side_effects")

    def __init__(self, opnum, name, args, result, descr, flags):
        self.opnum = opnum
        self.name = name
        kinds, consts, variadic = _parse_args(name, args)
        self.arg_kinds = kinds          # tuple: Kind or ANY per fixed slot
        self.const_args = consts        # tuple of bool per fixed slot
        self.variadic = variadic        # None, or "any" / a Kind for `*`
        self.arity = None if variadic else len(kinds)
        self.result = KIND_BY_LETTER[result]
        if descr != "-" and descr not in DESCR_TYPES:
            raise ValueError(f"op table: {name}: unknown descr type {descr!r}")
        self.descr = None if descr == "-" else descr
        unknown = set(flags) - FLAGS
        if unknown:
            raise ValueError(f"op table: {name}: unknown flags {sorted(unknown)}")
        self.flags = frozenset(flags)
        f = self.flags
        self.is_pure = "pure" in f
        self.is_comparison = "comparison" in f
        self.is_commutative = "commutative" in f
        self.is_ovf = "ovf" in f
        self.is_guard = "guard" in f
        self.reads_heap = "reads" in f
        self.writes_heap = "writes" in f
        self.is_alloc = "alloc" in f
        self.is_call = "call" in f
        self.is_label = "label" in f
        self.is_final = "final" in f
        self.has_result = self.result is not VOID
        # A call's removability depends on its descr (Op.is_removable());
        # an ovf op lives and dies with the overflow guard after it.
        self.is_removable = (self.has_result and not self.is_call
                             and (self.is_pure or self.reads_heap or self.is_alloc))
        self.is_exit = self.is_guard or name == "finish"
        # For calls these say "maybe": Op.may_raise() and
        # Op.has_side_effects() ask the descr's EffectInfo.
        self.may_raise = self.is_call
        self.has_side_effects = self.writes_heap or self.is_call

    def __repr__(self):
        return f"<OpInfo {self.opnum} {self.name}>"


def _parse_args(name, spec):
    if spec == "-":
        return (), (), None
    if spec == "*":
        return (), (), "any"
    if spec.startswith("*"):
        return (), (), KIND_BY_LETTER[spec[1:]]
    kinds, consts = [], []
    for tok in spec.split(","):
        const = tok.endswith("!")
        letter = tok.rstrip("!")
        if letter == "x":
            kinds.append(ANY)
        elif letter in ("i", "f", "r"):
            kinds.append(KIND_BY_LETTER[letter])
        else:
            raise ValueError(f"op table: {name}: bad argument token {tok!r}")
        consts.append(const)
    return tuple(kinds), tuple(consts), None


def _build():
    ops = []
    for line in _TABLE.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, args, result, descr, *flags = line.split()
        ops.append(OpInfo(len(ops), name, args, result, descr, flags))
    return ops


OPS = _build()
OPS_BY_NAME = {info.name: info for info in OPS}
if len(OPS_BY_NAME) != len(OPS):
    raise ValueError("op table: duplicate op name")


class rop:
    """Op numbers by upper-case name: `rop.INT_ADD`, as in PyPy."""


for _info in OPS:
    setattr(rop, _info.name.upper(), _info.opnum)
del _info


def opinfo(name_or_opnum):
    if isinstance(name_or_opnum, int):
        return OPS[name_or_opnum]
    try:
        return OPS_BY_NAME[name_or_opnum]
    except KeyError:
        raise KeyError(f"no IR op named {name_or_opnum!r}") from None


def dispatch_table(obj, prefix, default=None):
    """A list indexed by opnum of `obj.<prefix><NAME>` (e.g. optimize_INT_ADD).

    Passes dispatch through this so that a misspelled handler name, which
    would silently never run, is an error.
    """
    table = [default] * len(OPS)
    seen = set()
    for info in OPS:
        handler = getattr(obj, prefix + info.name.upper(), None)
        if handler is not None:
            table[info.opnum] = handler
            seen.add(prefix + info.name.upper())
    for attr in dir(obj):
        if attr.startswith(prefix) and attr not in seen and attr[len(prefix):].isupper():
            raise AttributeError(f"{attr}: no IR op {attr[len(prefix):].lower()!r}")
    return table


# Ops the rest of the IR refers to by number.
GUARD_OVERFLOW_OPS = frozenset((rop.GUARD_NO_OVERFLOW, rop.GUARD_OVERFLOW))
CALL_BY_KIND = {INT: rop.CALL_I, FLOAT: rop.CALL_F, REF: rop.CALL_R, VOID: rop.CALL_N}
CALL_PURE_BY_KIND = {INT: rop.CALL_PURE_I, FLOAT: rop.CALL_PURE_F, REF: rop.CALL_PURE_R}
GETFIELD_BY_KIND = {INT: rop.GETFIELD_I, FLOAT: rop.GETFIELD_F, REF: rop.GETFIELD_R}
SAME_AS_BY_KIND = {INT: rop.SAME_AS_I, FLOAT: rop.SAME_AS_F, REF: rop.SAME_AS_R}
