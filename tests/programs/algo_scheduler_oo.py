# A Richards-like task scheduler: polymorphic method calls on a small class hierarchy,
# linked packet queues, state flags; deterministic output of the run statistics.


class Packet:
    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        p = queue
        while p.link is not None:
            p = p.link
        p.link = self
        return queue


class Task:
    def __init__(self, sched, ident, prio, queue):
        self.sched = sched
        self.ident = ident
        self.prio = prio
        self.queue = queue
        self.waiting = queue is not None
        self.runs = 0

    def run(self, packet):
        raise NotImplementedError

    def take(self):
        p = self.queue
        self.queue = p.link
        self.waiting = self.queue is not None
        return p


class IdleTask(Task):
    def __init__(self, sched, ident, prio, count):
        super().__init__(sched, ident, prio, None)
        self.count = count
        self.seed = 1

    def run(self, packet):
        self.count -= 1
        if self.count == 0:
            return None
        if self.seed & 1:
            self.seed = (self.seed >> 1) ^ 0xD008
            return self.sched.wake(2)
        self.seed >>= 1
        return self.sched.wake(3)


class WorkerTask(Task):
    def __init__(self, sched, ident, prio, queue):
        super().__init__(sched, ident, prio, queue)
        self.dest = 2
        self.count = 0

    def run(self, packet):
        if packet is None:
            return None
        self.dest = 3 if self.dest == 2 else 2
        packet.ident = self.dest
        packet.datum = 0
        for _ in range(4):
            self.count += 1
            if self.count > 26:
                self.count = 1
            packet.datum += self.count
        return self.sched.send(packet, self.dest)


class HandlerTask(Task):
    def __init__(self, sched, ident, prio, queue):
        super().__init__(sched, ident, prio, queue)
        self.handled = 0
        self.total = 0

    def run(self, packet):
        if packet is None:
            return None
        self.handled += 1
        self.total += packet.datum
        packet.kind = "done"
        return self.sched.send(packet, 1)


class Scheduler:
    def __init__(self):
        self.tasks = {}
        self.queue_count = 0
        self.hold_count = 0

    def add(self, task):
        self.tasks[task.ident] = task

    def wake(self, ident):
        t = self.tasks[ident]
        self.hold_count += 1
        return t

    def send(self, packet, ident):
        t = self.tasks[ident]
        self.queue_count += 1
        t.queue = packet.append_to(t.queue)
        t.waiting = True
        return t

    def schedule(self, limit):
        order = sorted(self.tasks.values(), key=lambda t: -t.prio)
        steps = 0
        while steps < limit:
            ran = False
            for t in order:
                if isinstance(t, IdleTask):
                    if t.run(None) is None:
                        return steps
                    t.runs += 1
                    ran = True
                elif t.waiting:
                    p = t.take()
                    t.run(p)
                    t.runs += 1
                    ran = True
                steps += 1
            if not ran:
                break
        return steps


def main():
    s = Scheduler()
    s.add(IdleTask(s, 0, 0, 3000))
    q = None
    for i in range(4):
        q = Packet(q, i, "work")
    s.add(WorkerTask(s, 1, 1000, q))
    s.add(HandlerTask(s, 2, 2000, Packet(None, 2, "dev")))
    s.add(HandlerTask(s, 3, 3000, Packet(None, 3, "dev")))
    steps = s.schedule(100000)
    print(steps, s.queue_count, s.hold_count)
    for ident in sorted(s.tasks):
        t = s.tasks[ident]
        print(ident, type(t).__name__, t.runs, getattr(t, "handled", "-"), getattr(t, "total", "-"))


main()
