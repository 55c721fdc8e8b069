"""What compiling one trace leaves behind: the unit, its labels and exits.

A *unit* is the machine code of one trace (a loop, an entry trace or a
bridge) in its own code block, with what the backend needs to run it, to
compile bridges against it and to throw it away.
"""

import ctypes


class LabelInfo:
    """A compiled label: where jumps go and where their values must be."""

    __slots__ = ("token", "unit", "index", "locs", "kinds", "asm_label", "slow_label",
                 "entry_label", "address", "slow_address", "entry")

    def __init__(self, token, unit, index, locs, kinds):
        self.token = token
        self.unit = unit
        self.index = index              # backend-wide; a CAP exit reports it
        self.locs = locs                # per label argument: Reg or Slot
        self.kinds = kinds
        self.asm_label = None           # Labels in the unit's assembler
        self.slow_label = None          # poll slow path (countdown ran out)
        self.entry_label = None         # entry stub (run() from Python)
        self.address = None             # absolute, once the code is loaded
        self.slow_address = None
        self.entry = None               # the ctypes function of the entry stub

    @property
    def depth(self):
        return self.unit.depth


# Who holds the reference of each ref an exit hands out (ExitInfo.own):
OWNED = "owned"         # the code's own reference, handed over as it is
STATIC = "static"       # one the code does not hold (a constant, a borrowed
                        # argument): the exit increfs it
BORROWED = "borrowed"   # read from a container without a reference
                        # (liveness.py): the exit increfs it like a static
                        # one, and a bridge increfs it first thing, since
                        # what the bridge runs may release the container
DUP = "dup"             # a second occurrence of an owned ref: increfed
INCREFED_AT_EXIT = frozenset((STATIC, BORROWED, DUP))


class ExitInfo:
    """A guard or finish of a compiled unit, by its exit number."""

    __slots__ = ("number", "op", "unit", "kinds", "locs", "own", "extra", "slot",
                 "default_address", "bridge")

    def __init__(self, number, op, unit, kinds, locs, own):
        self.number = number
        self.op = op
        self.unit = unit
        self.kinds = kinds              # of the values handed out, in order
        self.locs = locs                # where they are when the guard fails
        self.own = own                  # per value: OWNED, STATIC, BORROWED, DUP or None
        self.extra = ()                 # (loc, maybe_null) of owned refs live here, not
                                        # handed out: the exit leaves them in io after
                                        # the values for Python to release; a bridge
                                        # releases them first thing
        self.slot = None                # index in the unit's jump slots (guards)
        self.default_address = None     # the slot's target without a bridge
        self.bridge = None              # the bridge unit attached, if any


# A dict read's cache (isel/refs.py): the dict's version and the item read
# at that version; the index of the entry that held the key last time (-1:
# none yet); a split table's shared keys that did not hold the key, and
# their entry count then (0: none).
DICT_VERSION_SEEN, DICT_ITEM, DICT_ENTRY, DICT_ABSENT_KEYS, DICT_ABSENT_COUNT = range(5)
DICT_CACHE = DICT_ABSENT_COUNT + 1      # words per read


class Unit:
    __slots__ = ("trace", "is_bridge", "block", "labels", "exits", "jump_slots",
                 "dict_caches", "depth", "keepalive", "entry", "entry_kinds", "parent",
                 "bridges", "sections", "code_size", "time_total", "time_encoding", "ninsns",
                 "freed", "__weakref__")

    def __init__(self, trace, is_bridge):
        self.trace = trace
        self.is_bridge = is_bridge
        self.block = None
        self.labels = []
        self.exits = []
        self.jump_slots = None          # ctypes array: one code address per guard
        self.dict_caches = None         # ctypes array: DICT_CACHE words per dict read
        self.depth = None
        self.keepalive = []             # objects whose addresses are in the code
        self.entry = None               # ctypes function entering at the trace start
        self.entry_kinds = ()
        self.parent = None              # for a bridge: the ExitInfo it hangs off
        self.bridges = []
        self.sections = ()              # (name, offset, length, marks, listing): disasm.py
        self.code_size = 0
        self.time_total = 0.0
        self.time_encoding = 0.0
        self.ninsns = 0
        self.freed = False

    def slot_address(self, index):
        return ctypes.addressof(self.jump_slots) + 8 * index

    def new_dict_caches(self, n):
        """Words for n dict reads: version 0 is no dict's (the counter starts
        at 1), so every version cache misses first; no entry is remembered."""
        words = (ctypes.c_uint64 * (DICT_CACHE * max(1, n)))()
        for k in range(max(1, n)):
            words[DICT_CACHE * k + DICT_ENTRY] = 2 ** 64 - 1
        self.dict_caches = words

    def dict_cache_address(self, index):
        return ctypes.addressof(self.dict_caches) + 8 * DICT_CACHE * index

    @property
    def address(self):
        return self.block.address

    def __repr__(self):
        kind = "bridge" if self.is_bridge else "loop" if self.trace.is_loop else "trace"
        return f"<x86 {kind} unit: {len(self.trace.ops)} ops, {self.code_size} bytes>"
