"""Executable memory: mmap'd blocks that are writable or executable, never both.

A block is mapped read+write, the code is copied in, and the block is
`mprotect`ed to read+execute before anything can run it.  It is never made
writable again: a loop's code may be on the machine stack (a compiled loop
calls a host function that enters another compiled loop), so changing the
protection of a page that holds code that is already running is not safe.
This is why each compiled unit (loop, bridge, the runtime stubs) gets its
own block, rounded up to whole pages, and why bridges are attached through
writable jump slots that live outside code memory (see bridge.py).

`free()` unmaps the block; the backend calls it when a loop is thrown away.
A block that is garbage collected is unmapped too (a backend dropped with
its loops): nothing can run code whose unit nobody references, since a run
holds its unit.
"""

import ctypes
import mmap
import weakref

PAGE = mmap.PAGESIZE

_PROT_READ, _PROT_WRITE, _PROT_EXEC = 1, 2, 4
_MAP_PRIVATE, _MAP_ANONYMOUS = 0x02, 0x20
_MAP_FAILED = ctypes.c_void_p(-1).value

# libc is loaded in every CPython process: take its symbols from the process
# (ctypes.util.find_library may run ldconfig, which takes tens of ms)
_libc = ctypes.CDLL(None, use_errno=True)
_mmap = _libc.mmap
_mmap.restype = ctypes.c_void_p
_mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                  ctypes.c_int, ctypes.c_long]
_mprotect = _libc.mprotect
_mprotect.restype = ctypes.c_int
_mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
_munmap = _libc.munmap
_munmap.restype = ctypes.c_int
_munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]


class CodeMemoryError(OSError):
    pass


class CodeBlock:
    """One mapping holding one compiled unit's bytes."""

    __slots__ = ("address", "size", "used", "executable", "_unmap", "__weakref__")

    live_blocks = 0         # for tests: blocks mapped and not yet freed
    live_bytes = 0

    def __init__(self, code):
        n = len(code)
        size = max(PAGE, (n + PAGE - 1) // PAGE * PAGE)
        addr = _mmap(None, size, _PROT_READ | _PROT_WRITE,
                     _MAP_PRIVATE | _MAP_ANONYMOUS, -1, 0)
        if addr is None or addr == _MAP_FAILED:
            raise CodeMemoryError(ctypes.get_errno(), "mmap of code memory failed")
        self.address = addr
        self.size = size
        self.used = n
        self.executable = False
        ctypes.memmove(addr, bytes(code), n)
        if _mprotect(addr, size, _PROT_READ | _PROT_EXEC) != 0:
            err = ctypes.get_errno()
            _munmap(addr, size)
            raise CodeMemoryError(err, "mprotect of code memory to read+execute failed")
        self.executable = True
        CodeBlock.live_blocks += 1
        CodeBlock.live_bytes += size
        self._unmap = weakref.finalize(self, _unmap, addr, size)

    def read(self, offset=0, length=None):
        """The bytes of the block (for disassembly)."""
        if self.address is None:
            raise CodeMemoryError("the block was freed")
        if length is None:
            length = self.used - offset
        return ctypes.string_at(self.address + offset, length)

    def free(self):
        if self.address is None:
            return
        self._unmap()
        self.address = None
        self.executable = False

    def __repr__(self):
        state = "freed" if self.address is None else f"at {self.address:#x}"
        return f"<CodeBlock {self.used} bytes {state}>"


def _unmap(address, size):
    _munmap(address, size)
    CodeBlock.live_blocks -= 1
    CodeBlock.live_bytes -= size


def protection_of(address):
    """The protection of the mapping holding `address`, from /proc/self/maps
    (e.g. 'r-xp'); for tests of the W^X rule."""
    with open("/proc/self/maps") as f:
        for line in f:
            span, perms = line.split()[:2]
            lo, hi = (int(x, 16) for x in span.split("-"))
            if lo <= address < hi:
                return perms
    return None
