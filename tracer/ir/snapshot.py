"""What the IR core asks of a guard's snapshot, and the simplest snapshot.

The snapshot is the guard's resume data.  Its structure (guest frames,
their code and pc, how each slot is rebuilt, virtual objects) belongs to
the resume machinery; the IR core, the verifier, the executor and the
backend only need the protocol below.

    fail_args         tuple of IR values (constants allowed) that the exit
                      hands out, in this order: the `live_values` of the
                      exit protocol and the inputs of a bridge from it
    format(name_of)   the text between the brackets after the guard, given
                      a function printing one value
    map_values(fn)    a copy with every value v replaced by fn(v); how an
                      optimizer renames values

`FlatSnapshot` is one flat list of values: what the text parser builds
from `[i0, i1, p2]`.  Richer snapshots print their own structure into the
same brackets (e.g. frames separated by ` | `); the parser accepts a
`snapshot_factory` to build them back.
"""


class Snapshot:
    __slots__ = ()

    fail_args = ()

    def format(self, name_of):
        raise NotImplementedError

    def map_values(self, fn):
        raise NotImplementedError


class FlatSnapshot(Snapshot):
    __slots__ = ("fail_args",)

    def __init__(self, values=()):
        self.fail_args = tuple(values)

    def format(self, name_of):
        return ", ".join(name_of(v) for v in self.fail_args)

    def map_values(self, fn):
        return FlatSnapshot(fn(v) for v in self.fail_args)

    def __repr__(self):
        return f"<FlatSnapshot of {len(self.fail_args)}>"
