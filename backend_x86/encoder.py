"""Instruction encoding: PeachPy encodes, a template cache makes it fast.

PeachPy builds an instruction object per call and picks its encoding in
Python: 30-100 us per instruction, too slow for a JIT that compiles while
the program runs.  An instruction's bytes depend on its operands' *shape*
(mnemonic, registers, operand sizes, which size class each displacement or
immediate falls in) and on its numbers only through fixed byte fields.  So
the first time a shape is seen, PeachPy encodes it with two sentinel values
per numeric field; the bytes that change are the field.  The template
(bytes, field positions) is cached, and later instructions of that shape
are the template with their numbers written in: about 1-2 us.

Each template is checked once: PeachPy also encodes the instruction with
its real numbers, and the template applied to them must give the same
bytes.  A shape that fails the check is encoded by PeachPy every time; when
PeachPy picked a *shorter* form for the real numbers the template stands
(its form holds every number of its size class, the sentinels made sure of
that): PeachPy encodes `imul r, r, 128..255` with an imm8, which the CPU
sign-extends to -128..-1 (tests/test_backend_parts.py checks every shape
the backend uses against capstone's decoding).

Operands:

    Reg                       a register (registers.py), any width
    Mem(base, disp, index, scale, size)
                              memory; size in bytes (1, 2, 4, 8, 16) or None
                              for LEA's bare address
    Rip(size)                 [rip + disp32]: the assembler fills the
                              displacement (constant pool, guard slots)
    int                       an immediate

PeachPy itself is imported on the first cache miss, never before.

Templates persist between processes (`TemplateStore`): a file in pvmx's
cache directory (tracer/diskcache.py: $PVMX_CACHE_DIR, $XDG_CACHE_HOME/pvmx
or ~/.cache/pvmx), tied to this encoder's format and to the PeachPy
installed (its name carries a digest of both, so two installations keep
two files), loaded at the first encoding and written back at exit when new
templates were made, merged with what other processes stored meanwhile.
A process that finds every shape there never imports PeachPy.
PVMX_TEMPLATE_CACHE=off disables it, or names another directory.
"""

import atexit
import marshal
import os
import struct
from time import perf_counter as _clock

from tracer import diskcache

from .registers import Reg
from .select import find_spec


class Mem(tuple):
    """A memory operand.  A tuple, so that whole instructions hash and
    compare in C (the memo of encoded instructions)."""

    __slots__ = ()

    def __new__(cls, base, disp=0, index=None, scale=1, size=8):
        return tuple.__new__(cls, (base, disp, index, scale, size))

    base = property(lambda self: self[0])
    disp = property(lambda self: self[1])
    index = property(lambda self: self[2])
    scale = property(lambda self: self[3])
    size = property(lambda self: self[4])

    def __repr__(self):
        parts = []
        if self.base is not None:
            parts.append(self.base.name)
        if self.index is not None:
            parts.append(f"{self.index.name}*{self.scale}")
        s = " + ".join(parts)
        if self.disp or not s:
            s += f" {'-' if self.disp < 0 else '+'} {abs(self.disp):#x}" if s else hex(self.disp)
        width = {1: "byte", 2: "word", 4: "dword", 8: "qword", 16: "oword", None: ""}[self.size]
        return f"{width}[{s}]" if width else f"[{s}]"


class Rip:
    """A RIP-relative memory operand whose target the assembler resolves."""

    __slots__ = ("target", "size")

    def __init__(self, target, size=8):
        self.target = target
        self.size = size

    def __repr__(self):
        width = {4: "dword", 8: "qword", 16: "oword"}[self.size]
        return f"{width}[rip + {self.target!r}]"


# --- size classes of numbers and their sentinels -----------------------------

def _num_class(v):
    if v == 0:
        return "z"
    if -128 <= v < 0:
        return "b-"
    if 0 < v < 128:
        return "b+"
    if -(1 << 31) <= v < 0:
        return "d-"
    if 0 < v < (1 << 31):
        return "d+"
    if 0 < v < (1 << 32):
        return "u"
    return "q-" if v < 0 else "q+"


# class -> (sentinel A, sentinel B, candidate widths).  A and B differ in
# every byte, so the first byte where two encodings differ is the field's
# first byte.
_SENTINELS = {
    "b+": (0x11, 0x22, (1,)),
    "b-": (-0x11, -0x22, (1,)),
    "d+": (0x11223344, 0x22334455, (4,)),
    "d-": (-0x11223344, -0x22334455, (4,)),
    "u": (0x91223344, 0xA2334455, (8, 4)),
    "q+": (0x1122334455667788, 0x2233445566778899, (8,)),
    "q-": (-0x1122334455667788, -0x2233445566778899, (8,)),
    "rip": (0x11223344, 0x22334455, (4,)),
}

_PACK = {1: struct.Struct("<B"), 4: struct.Struct("<I"), 8: struct.Struct("<Q")}
_MASK = {1: 0xFF, 4: 0xFFFFFFFF, 8: 0xFFFFFFFFFFFFFFFF}


def _le(v, width):
    return _PACK[width].pack(v & _MASK[width])


class EncodingError(Exception):
    pass


MEMO_LIMIT = 1 << 17
FORMAT = 5          # of templates, their keys and the file; a change makes stored ones stale

# A shape key names its registers (a key is plain data: it is stored with
# marshal as it is, and a stored key is looked up without translation).


class TemplateStore:
    """The templates of earlier processes, on disk."""

    def __init__(self):
        self.path = None
        base = diskcache.cache_dir(os.environ.get("PVMX_TEMPLATE_CACHE"))
        if base is None:
            return
        spec = find_spec("peachpy")
        if spec is None or not spec.origin:
            return
        try:
            st = os.stat(spec.origin)
        except OSError:
            return
        # what the templates were made with
        self.stamp = (FORMAT, spec.origin, st.st_size, int(st.st_mtime))
        tag = diskcache.digest(repr(self.stamp).encode())[:6].hex()
        self.path = os.path.join(base, f"x86-templates-{tag}.marshal")

    def load_shards(self):
        """The stored templates by group (`_group`), each group still
        marshalled ({group: bytes}): a process unpacks only the groups of
        the instructions it emits.  Unpacking a store that tests filled with
        thousands of shapes was a millisecond of every start; by mnemonic
        alone (MOV's group held 1,900 shapes) it was still 2-3 ms of every
        process that compiles.  Unchecked, as `load_stored`."""
        if self.path is None:
            return {}
        try:
            shards = diskcache.load(self.path, self.stamp)
            return dict(shards) if type(shards) is dict else {}
        except Exception:           # missing, corrupt, stale: start afresh
            return {}

    def load_stored(self):
        """The stored templates, {shape key: template}, unchecked: `Encoder`
        checks one when its shape is first asked for."""
        out = {}
        for blob in self.load_shards().values():
            out.update(_unpack(blob))
        return out

    def load(self):
        """The stored templates that are sound, by shape key."""
        out = {}
        for k, v in self.load_stored().items():
            try:
                if _template_ok(v):
                    out[k] = v
            except Exception:
                pass
        return out

    def save(self, templates, stored=None):
        """Store `templates` and `stored` (both by shape key), with those
        another process stored meanwhile."""
        if self.path is None:
            return
        merged = self.load_stored()
        merged.update(stored or {})
        merged.update(templates)
        self.write(merged)

    def write(self, templates):
        """Store exactly `templates` (by shape key), by `_group`."""
        if self.path is None:
            return
        groups = {}
        for key, tpl in templates.items():
            groups.setdefault(_group(key), []).append((key, tpl))
        diskcache.save(self.path, self.stamp,
                       {m: marshal.dumps(items) for m, items in groups.items()})


def _group(key):
    """The stored group of a shape: its mnemonic and its first operand's
    shape (a register's name, a number class, or a memory operand's size
    and base).  A run emits a few hundred shapes, in about as many groups
    of a few each."""
    if len(key) < 2:
        return key[0]
    first = key[1]
    if type(first) is tuple:            # memory (size, base, ...) or ("rip", size)
        return f"{key[0]} {first[0]}:{first[1]}"
    return f"{key[0]} {first}"


def _unpack(blob):
    """A group's templates, {shape key: template}; {} if damaged."""
    try:
        return dict(marshal.loads(blob))
    except Exception:
        return {}


def _template_ok(t):
    """Is `t` a template (a stored one could be damaged and still unmarshal)?"""
    data, fields, rip_pos = t
    n = len(data)
    return type(data) is bytes and type(fields) is tuple and all(
        type(f) is tuple and len(f) == 3 and f[1] in _PACK and 0 <= f[2] <= n - f[1]
        for f in fields) and (rip_pos is None or 0 <= rip_pos <= n - 4)


def _field_count(key):
    """How many numeric fields a template of this shape has (the Rip operand's aside)."""
    return sum(1 for x in key[1:] if (type(x) is str and x in _SENTINELS)
               or (type(x) is tuple and x[0] != "rip" and x[4] != "z"))


class Encoder:
    """The template cache.  One per process is enough (`ENCODER`)."""

    def __init__(self, store=None):
        self.templates = {}     # shape key -> (bytes, ((op index, width, pos), ...), rip pos)
        self.uncached = set()   # shape keys encoded by PeachPy every time
        self.memo = {}          # (mnemonic, operands) -> bytes: instructions seen before
        self.misses = 0
        self.time = 0.0         # seconds spent in encode(), for the JIT summary
        self._pp = None
        self._store = store
        self._loaded = store is None
        # Stored templates not asked for yet: checking a thousand at load
        # would cost more than the few hundred a run uses; and the groups
        # (`_group`) not unpacked yet.
        self._stored = {}
        self._shards = {}
        self._made = 0          # templates made since the load, to store at exit

    def _load(self):
        self._loaded = True
        self._shards = self._store.load_shards()
        diskcache.count("templates.groups", len(self._shards))
        atexit.register(self.save)

    def _from_store(self, key):
        tpl = self._stored.pop(key, None)
        if tpl is None:
            blob = self._shards.pop(_group(key), None)
            if blob is None:
                return None
            self._stored.update(_unpack(blob))
            tpl = self._stored.pop(key, None)
            if tpl is None:
                return None
        try:
            if not _template_ok(tpl) or len(tpl[1]) != _field_count(key):
                return None
        except Exception:       # damaged: made anew
            return None
        diskcache.count("templates.hit")
        self.templates[key] = tpl
        return tpl

    def save(self):
        """Write the templates back if this process made new ones."""
        if self._store is not None and self._made:
            stored = dict(self._stored)
            for blob in self._shards.values():
                stored.update(_unpack(blob))
            self._store.save(self.templates, stored)
            self._made = 0

    # -- the hot path --------------------------------------------------------
    def encode(self, mnemonic, ops):
        """(bytes, position of a RIP displacement field or None).  The
        assembler looks in `memo` itself first (Assembler.op): most
        instructions were met before, and their lookup is not timed."""
        memo_key = (mnemonic, ops)
        data = self.memo.get(memo_key)
        if data is not None:
            return data, None
        # timed for the summary's encoding time (what is not a memo hit)
        t0 = _clock()
        data, rip_pos = self._encode(mnemonic, ops)
        if rip_pos is None:
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            self.memo[memo_key] = bytes(data)
        self.time += _clock() - t0
        return data, rip_pos

    def _encode(self, mnemonic, ops):
        key = [mnemonic]
        nums = []
        for i, o in enumerate(ops):
            t = type(o)
            if t is Reg:
                key.append(o.name)
            elif t is int:
                c = _num_class(o)
                key.append(c)
                if c != "z":
                    nums.append((i, o))
            elif t is Mem:
                base, disp, index, scale, size = o
                c = _num_class(disp)
                key.append((size, base and base.name, index and index.name, scale, c))
                if c != "z":
                    nums.append((i, disp))
            elif t is Rip:
                key.append(("rip", o.size))
            else:
                raise EncodingError(f"{mnemonic}: bad operand {o!r}")
        key = tuple(key)
        tpl = self.templates.get(key)
        if tpl is None:
            if not self._loaded:
                self._load()
            if self._stored or self._shards:
                tpl = self._from_store(key)
        if tpl is None:
            if key in self.uncached:
                return self._direct(mnemonic, ops)
            tpl = self._make_template(key, mnemonic, ops)
            if tpl is None:
                return self._direct(mnemonic, ops)
        data, fields, rip_pos = tpl
        if not fields:
            return data, rip_pos
        buf = bytearray(data)
        for (_, width, pos), (_, v) in zip(fields, nums):
            _PACK[width].pack_into(buf, pos, v & _MASK[width])
        return buf, rip_pos

    # -- building templates with PeachPy --------------------------------------
    def _peachpy(self):
        if self._pp is None:
            import peachpy.x86_64 as x86
            from peachpy.x86_64 import operand, registers
            sizes = {1: x86.byte, 2: x86.word, 4: x86.dword, 8: x86.qword, 16: x86.oword}
            self._pp = (x86, registers, operand, sizes)
        return self._pp

    def _pp_operands(self, ops, values):
        """PeachPy operands for `ops`, numbers taken from `values` (by op index)."""
        x86, registers, operand, sizes = self._peachpy()
        out = []
        for i, o in enumerate(ops):
            t = type(o)
            if t is Reg:
                out.append(getattr(registers, o.name))
            elif t is int:
                out.append(values.get(i, o))
            elif t is Mem:
                disp = values.get(i, o.disp)
                addr = None
                if o.base is not None:
                    addr = getattr(registers, o.base.name)
                if o.index is not None:
                    idx = getattr(registers, o.index.name) * o.scale
                    addr = idx if addr is None else addr + idx
                if addr is None:
                    raise EncodingError("absolute memory operands are not used")
                if disp:
                    addr = addr + disp
                out.append([addr] if o.size is None else sizes[o.size][addr])
            elif t is Rip:
                out.append(sizes[o.size][operand.RIPRelativeOffset(values.get(i, 0))])
        return out

    def _pp_encode(self, mnemonic, ops, values):
        x86 = self._peachpy()[0]
        try:
            insn = getattr(x86, mnemonic)(*self._pp_operands(ops, values))
            return bytes(insn.encode())
        except Exception as e:
            raise EncodingError(f"PeachPy cannot encode {mnemonic} {ops!r}: {e}") from e

    def _direct(self, mnemonic, ops):
        data = self._pp_encode(mnemonic, ops, {})
        rip_pos = None
        if any(type(o) is Rip for o in ops):
            raise EncodingError(f"{mnemonic}: RIP operand in an uncacheable shape")
        return data, rip_pos

    def _make_template(self, key, mnemonic, ops):
        self.misses += 1
        diskcache.count("templates.made")
        # numeric fields: (op index, class), in operand order; a Rip operand
        # is a field too, filled by the assembler
        fields = []
        for i, o in enumerate(ops):
            t = type(o)
            if t is int and key[i + 1] != "z":
                fields.append((i, key[i + 1]))
            elif t is Mem and key[i + 1][4] != "z":
                fields.append((i, key[i + 1][4]))
            elif t is Rip:
                fields.append((i, "rip"))
        base_values = {i: _SENTINELS[c][0] for i, c in fields}
        enc_a = self._pp_encode(mnemonic, ops, base_values)
        placed = []
        rip_pos = None
        for i, c in fields:
            a, b, widths = _SENTINELS[c]
            enc_b = self._pp_encode(mnemonic, ops, {**base_values, i: b})
            pos = _field_position(enc_a, enc_b, a, b, widths)
            if pos is None:
                self.uncached.add(key)
                return None
            p, width = pos
            if c == "rip":
                rip_pos = p
            else:
                placed.append((i, width, p))
        template = (enc_a, tuple(placed), rip_pos)
        # the check: the template with the real numbers is what PeachPy gives
        real = {i: 0 for i, c in fields if c == "rip"}
        want = self._pp_encode(mnemonic, ops, real)
        got = bytearray(enc_a)
        for i, width, p in placed:
            o = ops[i]
            v = o if type(o) is int else o.disp
            got[p:p + width] = _le(v, width)
        if rip_pos is not None:
            got[rip_pos:rip_pos + 4] = b"\0\0\0\0"
        if bytes(got) != want and len(got) == len(want):
            self.uncached.add(key)
            return None
        self.templates[key] = template
        self._made += 1
        return template


def _field_position(enc_a, enc_b, a, b, widths):
    if len(enc_a) != len(enc_b):
        return None
    p = next((k for k in range(len(enc_a)) if enc_a[k] != enc_b[k]), None)
    if p is None:
        return None
    for w in widths:
        if (enc_a[p:p + w] == _le(a, w) and enc_b[p:p + w] == _le(b, w)
                and enc_a[p + w:] == enc_b[p + w:]):
            return p, w
    return None


ENCODER = Encoder(TemplateStore())
