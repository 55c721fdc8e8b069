"""x86-64 registers as the backend names them, and the System V ABI's view of them.

`Reg` objects are singletons compared by identity; they carry what the
encoder needs (a name PeachPy knows) and what the allocator needs (class,
caller- or callee-saved).  Sub-register views (`eax`, `al`) are separate
`Reg` objects reached through `.d` and `.b`, used for setcc, movzx and
zero-extending 32-bit moves.

Reserved registers (never allocated):

    rsp          the stack pointer
    rbp          the frame pointer: every spill slot, the save area and the
                 io pointer are addressed from it, so a bridge can grow the
                 frame (move rsp) without renumbering anything
    r15          the poll countdown: back-edges left until the next poll
                 (frame.py).  In memory, its decrement would chain every
                 iteration of a tight loop through store forwarding (about
                 5 cycles); in a callee-saved register it costs one cycle
                 and survives calls
    r11, xmm15   scratch for one instruction sequence (constants that do not
                 fit an immediate, cycles in parallel moves, the indirect
                 jump of a guard); nothing lives in them across an op
"""


class Reg:
    __slots__ = ("name", "num", "is_xmm", "width", "full", "d", "b")

    def __init__(self, name, num, is_xmm=False, width=8, full=None):
        self.name = name
        self.num = num
        self.is_xmm = is_xmm
        self.width = width
        self.full = full or self        # the 64-bit register this is a view of
        self.d = None
        self.b = None

    def __repr__(self):
        return self.name

    def __reduce__(self):
        return (_by_name, (self.name,))


_GPR_NAMES = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
              "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
_D_NAMES = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
            "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"]
_B_NAMES = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
            "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"]

GPRS = []
for _n, _name in enumerate(_GPR_NAMES):
    _r = Reg(_name, _n)
    _r.d = Reg(_D_NAMES[_n], _n, width=4, full=_r)
    _r.b = Reg(_B_NAMES[_n], _n, width=1, full=_r)
    GPRS.append(_r)
XMMS = [Reg(f"xmm{_n}", _n, is_xmm=True, width=16) for _n in range(16)]

_ALL = {r.name: r for r in GPRS + XMMS}
_ALL.update((r.d.name, r.d) for r in GPRS)
_ALL.update((r.b.name, r.b) for r in GPRS)


def _by_name(name):
    return _ALL[name]


(rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi,
 r8, r9, r10, r11, r12, r13, r14, r15) = GPRS
xmm0, xmm1, xmm15 = XMMS[0], XMMS[1], XMMS[15]

SCRATCH = r11
XSCRATCH = xmm15

# System V: callee-saved are rbx, rbp, r12-r15; all xmm are caller-saved.
PUSHED = (rbx, r12, r13, r14, r15)     # saved by the entry stub, restored at exit
COUNTDOWN = r15
CALLEE_SAVED = (rbx, r12, r13, r14)     # allocatable
CALLER_SAVED = (rax, rcx, rdx, rsi, rdi, r8, r9, r10)      # r11 is scratch
ARG_GPRS = (rdi, rsi, rdx, rcx, r8, r9)
ARG_XMMS = tuple(XMMS[:8])

# Allocation order: caller-saved first (values that cross no call), then
# callee-saved.  rax and rdx come late among the caller-saved because
# division and calls want them.
ALLOC_GPRS = (rcx, rsi, rdi, r8, r9, r10, rdx, rax) + CALLEE_SAVED
ALLOC_XMMS = tuple(XMMS[:15])
