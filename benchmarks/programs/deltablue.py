"""Classic (deltablue-style): an incremental one-way constraint solver.

The DeltaBlue algorithm (Sannella, Freeman-Benson, Maloney, Borning): each
constraint has a strength; adding or removing one re-plans which constraint
determines which variable using "walkabout strengths", and a plan extracted
for an input constraint is executed many times.  Class hierarchies with
`super()`, properties, and polymorphic dispatch on constraint kinds.

Two workloads per iteration, each self-checking: a chain of SIZE equality
constraints edited at one end, and SIZE scale constraints sharing a scale
and an offset variable whose values are edited.
"""

from benchlib import main


class Strength(object):
    def __init__(self, level, name):
        self.level = level
        self.name = name

    def stronger(self, other):
        return self.level < other.level

    def weaker(self, other):
        return self.level > other.level

    def weakest_of(self, other):
        return self if self.weaker(other) else other

    @property
    def next_weaker(self):
        return STRENGTHS[self.level + 1]


STRENGTHS = [Strength(level, name) for level, name in enumerate((
    "required", "strong preferred", "preferred", "strong default",
    "normal", "weak default", "weakest"))]
REQUIRED, STRONG_PREFERRED, PREFERRED, STRONG_DEFAULT, NORMAL, WEAK_DEFAULT, WEAKEST = STRENGTHS

NONE, FORWARD, BACKWARD = 0, 1, 2


class Variable(object):
    def __init__(self, name, value=0):
        self.name = name
        self.value = value
        self.constraints = []
        self.determined_by = None
        self.mark = 0
        self.walk_strength = WEAKEST
        self.stay = True

    def add_constraint(self, c):
        self.constraints.append(c)

    def remove_constraint(self, c):
        self.constraints = [d for d in self.constraints if d is not c]
        if self.determined_by is c:
            self.determined_by = None


class Constraint(object):
    """Base class: subclasses say which variables they read and write."""

    def __init__(self, strength, planner):
        self.strength = strength
        self.planner = planner

    is_input = False

    def add(self):
        self.add_to_graph()
        self.planner.incremental_add(self)

    def satisfy(self, mark):
        """Try to satisfy this constraint; return the constraint it overrode."""
        self.choose_method(mark)
        if not self.satisfied:
            if self.strength is REQUIRED:
                raise RuntimeError("could not satisfy a required constraint")
            return None
        self.mark_inputs(mark)
        out = self.output
        overridden = out.determined_by
        if overridden is not None:
            overridden.mark_unsatisfied()
        out.determined_by = self
        if not self.planner.add_propagate(self, mark):
            raise RuntimeError("cycle encountered")
        out.mark = mark
        return overridden

    def destroy(self):
        if self.satisfied:
            self.planner.incremental_remove(self)
        else:
            self.remove_from_graph()


class UnaryConstraint(Constraint):
    def __init__(self, variable, strength, planner):
        super().__init__(strength, planner)
        self.variable = variable
        self.is_satisfied = False
        self.add()

    @property
    def output(self):
        return self.variable

    @property
    def satisfied(self):
        return self.is_satisfied

    def add_to_graph(self):
        self.variable.add_constraint(self)
        self.is_satisfied = False

    def remove_from_graph(self):
        self.variable.remove_constraint(self)
        self.is_satisfied = False

    def choose_method(self, mark):
        v = self.variable
        self.is_satisfied = v.mark != mark and self.strength.stronger(v.walk_strength)

    def mark_inputs(self, mark):
        pass

    def inputs_known(self, mark):
        return True

    def mark_unsatisfied(self):
        self.is_satisfied = False

    def recalculate(self):
        v = self.variable
        v.walk_strength = self.strength
        v.stay = not self.is_input
        if v.stay:
            self.execute()


class StayConstraint(UnaryConstraint):
    """Keep a variable's value unless something stronger changes it."""

    def execute(self):
        pass


class EditConstraint(UnaryConstraint):
    """Marks a variable as set from outside, once per plan execution."""

    is_input = True

    def execute(self):
        pass


class BinaryConstraint(Constraint):
    def __init__(self, v1, v2, strength, planner):
        super().__init__(strength, planner)
        self.v1 = v1
        self.v2 = v2
        self.direction = NONE
        self.add()

    @property
    def satisfied(self):
        return self.direction != NONE

    @property
    def input(self):
        return self.v1 if self.direction == FORWARD else self.v2

    @property
    def output(self):
        return self.v2 if self.direction == FORWARD else self.v1

    def add_to_graph(self):
        self.v1.add_constraint(self)
        self.v2.add_constraint(self)
        self.direction = NONE

    def remove_from_graph(self):
        self.v1.remove_constraint(self)
        self.v2.remove_constraint(self)
        self.direction = NONE

    def choose_method(self, mark):
        v1, v2, s = self.v1, self.v2, self.strength
        if v1.mark == mark:
            forward = v2.mark != mark and s.stronger(v2.walk_strength)
            self.direction = FORWARD if forward else NONE
        elif v2.mark == mark:
            backward = v1.mark != mark and s.stronger(v1.walk_strength)
            self.direction = BACKWARD if backward else NONE
        elif v1.walk_strength.weaker(v2.walk_strength):
            # Write the variable held more weakly.
            self.direction = BACKWARD if s.stronger(v1.walk_strength) else NONE
        else:
            self.direction = FORWARD if s.stronger(v2.walk_strength) else NONE

    def mark_inputs(self, mark):
        self.input.mark = mark

    def inputs_known(self, mark):
        i = self.input
        return i.mark == mark or i.stay or i.determined_by is None

    def mark_unsatisfied(self):
        self.direction = NONE

    def recalculate(self):
        i, out = self.input, self.output
        out.walk_strength = self.strength.weakest_of(i.walk_strength)
        out.stay = i.stay
        if out.stay:
            self.execute()


class EqualityConstraint(BinaryConstraint):
    def execute(self):
        self.output.value = self.input.value


class ScaleConstraint(BinaryConstraint):
    """dest = src * scale + offset, solvable in either direction."""

    def __init__(self, src, scale, offset, dest, strength, planner):
        # Set before super().__init__, which adds the constraint to the graph.
        self.scale = scale
        self.offset = offset
        super().__init__(src, dest, strength, planner)

    def add_to_graph(self):
        super().add_to_graph()
        self.scale.add_constraint(self)
        self.offset.add_constraint(self)

    def remove_from_graph(self):
        super().remove_from_graph()
        self.scale.remove_constraint(self)
        self.offset.remove_constraint(self)

    def mark_inputs(self, mark):
        super().mark_inputs(mark)
        self.scale.mark = self.offset.mark = mark

    def execute(self):
        if self.direction == FORWARD:
            self.v2.value = self.v1.value * self.scale.value + self.offset.value
        else:
            self.v1.value = (self.v2.value - self.offset.value) // self.scale.value

    def recalculate(self):
        i, out = self.input, self.output
        out.walk_strength = self.strength.weakest_of(i.walk_strength)
        out.stay = i.stay and self.scale.stay and self.offset.stay
        if out.stay:
            self.execute()


class Plan(object):
    def __init__(self, constraints):
        self.constraints = constraints

    def execute(self):
        for c in self.constraints:
            c.execute()


class Planner(object):
    def __init__(self):
        self.current_mark = 0

    def new_mark(self):
        self.current_mark += 1
        return self.current_mark

    def incremental_add(self, c):
        mark = self.new_mark()
        overridden = c.satisfy(mark)
        while overridden is not None:
            overridden = overridden.satisfy(mark)

    def incremental_remove(self, c):
        out = c.output
        c.mark_unsatisfied()
        c.remove_from_graph()
        unsatisfied = self.remove_propagate_from(out)
        strength = REQUIRED
        while strength is not WEAKEST:
            for u in unsatisfied:
                if u.strength is strength:
                    self.incremental_add(u)
            strength = strength.next_weaker

    def add_propagate(self, c, mark):
        """Recompute walkabout strengths downstream of `c`; False on a cycle."""
        todo = [c]
        while todo:
            d = todo.pop()
            if d.output.mark == mark:
                self.incremental_remove(c)
                return False
            d.recalculate()
            self.add_consumers(d.output, todo)
        return True

    def remove_propagate_from(self, out):
        out.determined_by = None
        out.walk_strength = WEAKEST
        out.stay = True
        unsatisfied = []
        todo = [out]
        while todo:
            v = todo.pop()
            for c in v.constraints:
                if not c.satisfied:
                    unsatisfied.append(c)
            determining = v.determined_by
            for c in v.constraints:
                if c is not determining and c.satisfied:
                    c.recalculate()
                    todo.append(c.output)
        return unsatisfied

    def add_consumers(self, v, into):
        determining = v.determined_by
        for c in v.constraints:
            if c is not determining and c.satisfied:
                into.append(c)

    def make_plan(self, sources):
        mark = self.new_mark()
        plan = []
        todo = list(sources)
        head = 0
        while head < len(todo):  # a FIFO: plans list constraints in dependency order
            c = todo[head]
            head += 1
            out = c.output
            if out.mark != mark and c.inputs_known(mark):
                plan.append(c)
                out.mark = mark
                self.add_consumers(out, todo)
        return Plan(plan)

    def plan_for(self, constraints):
        return self.make_plan([c for c in constraints if c.is_input and c.satisfied])


def set_value(planner, variable, value):
    """Edit `variable` to `value` through a preferred edit constraint."""
    edit = EditConstraint(variable, PREFERRED, planner)
    plan = planner.plan_for([edit])
    for _ in range(10):
        variable.value = value
        plan.execute()
    edit.destroy()


def check(ok, what):
    if not ok:
        raise SystemExit("deltablue: %s failed" % what)


def chain_test(n):
    planner = Planner()
    variables = [Variable("v%d" % i) for i in range(n + 1)]
    for a, b in zip(variables, variables[1:]):
        EqualityConstraint(a, b, REQUIRED, planner)
    first, last = variables[0], variables[-1]
    StayConstraint(last, STRONG_DEFAULT, planner)
    edit = EditConstraint(first, PREFERRED, planner)
    plan = planner.plan_for([edit])
    total = 0
    for i in range(100):
        first.value = i
        plan.execute()
        check(last.value == i, "chain")
        total += last.value
    edit.destroy()
    return total


def projection_test(n):
    planner = Planner()
    scale = Variable("scale", 10)
    offset = Variable("offset", 1000)
    src = dst = None
    dests = []
    for i in range(n):
        src = Variable("src%d" % i, i)
        dst = Variable("dst%d" % i, i)
        dests.append(dst)
        StayConstraint(src, NORMAL, planner)
        ScaleConstraint(src, scale, offset, dst, REQUIRED, planner)
    set_value(planner, src, 17)
    check(dst.value == 1170, "projection 1")
    set_value(planner, dst, 1050)
    check(src.value == 5, "projection 2")
    set_value(planner, scale, 5)
    check(all(dests[i].value == i * 5 + 1000 for i in range(n - 1)), "projection 3")
    set_value(planner, offset, 2000)
    check(all(dests[i].value == i * 5 + 2000 for i in range(n - 1)), "projection 4")
    return sum(d.value for d in dests)


def run(n):
    chain = projection = 0
    for _ in range(10):
        chain += chain_test(n)
        projection += projection_test(n)
    return "%d %d" % (chain, projection)


if __name__ == "__main__":
    main(run, 100)
