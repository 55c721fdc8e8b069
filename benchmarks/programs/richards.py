"""Classic: Richards' operating-system scheduler simulation.

Six tasks (idle, worker, two handlers, two devices) exchange packets under a
priority scheduler.  Polymorphic `run` methods on task subclasses, linked
lists, small-int state.  SIZE is the idle task's count, which sets how long
the simulation runs.  With the classic count of 10000 the simulation queues
23246 packets and holds 9297 times; that known answer is checked.
"""

from benchlib import main

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = 1, 2, 3, 4, 5, 6
DEVICE_PACKET, WORK_PACKET = 0, 1
BUFFER_SIZE = 4
KNOWN_ANSWERS = {10000: (23246, 9297)}


class Packet(object):
    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * BUFFER_SIZE

    def append_to(self, queue):
        """Append this packet to the list `queue`; return the list's head."""
        self.link = None
        if queue is None:
            return self
        last = queue
        while last.link is not None:
            last = last.link
        last.link = self
        return queue


class Task(object):
    """A task control block.  Its state is three flags, as in the original."""

    def __init__(self, system, ident, priority, queue, pending, waiting, held):
        self.system = system
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.pending = pending
        self.waiting = waiting
        self.held = held
        self.link = system.tasks
        system.tasks = self
        system.table[ident] = self

    def blocked(self):
        return self.held or (not self.pending and self.waiting)

    def step(self):
        """Take the first queued packet if one is waiting for us, then run."""
        packet = None
        if self.pending and self.waiting and not self.held:
            packet = self.queue
            self.queue = packet.link
            self.pending = self.queue is not None
            self.waiting = False
        return self.run(packet)

    def receive(self, sender, packet):
        """Queue `packet`; return the task that should run next."""
        if self.queue is None:
            self.queue = packet
            self.pending = True
            if self.priority > sender.priority:
                return self
        else:
            self.queue = packet.append_to(self.queue)
        return sender


class IdleTask(Task):
    def __init__(self, system, count):
        Task.__init__(self, system, IDLE, 0, None, False, False, False)
        self.seed = 1
        self.count = count

    def run(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.system.hold_self()
        if self.seed & 1 == 0:
            self.seed >>= 1
            return self.system.release(DEVICE_A)
        self.seed = (self.seed >> 1) ^ 0xD008
        return self.system.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, system, queue):
        Task.__init__(self, system, WORKER, 1000, queue, True, True, False)
        self.destination = HANDLER_A
        self.letter = 0

    def run(self, packet):
        if packet is None:
            return self.system.wait()
        self.destination = HANDLER_A if self.destination == HANDLER_B else HANDLER_B
        packet.ident = self.destination
        packet.datum = 0
        for i in range(BUFFER_SIZE):
            self.letter += 1
            if self.letter > 26:
                self.letter = 1
            packet.data[i] = self.letter
        return self.system.send(packet)


class HandlerTask(Task):
    def __init__(self, system, ident, priority, queue):
        Task.__init__(self, system, ident, priority, queue, True, True, False)
        self.work = None
        self.devices = None

    def run(self, packet):
        if packet is not None:
            if packet.kind == WORK_PACKET:
                self.work = packet.append_to(self.work)
            else:
                self.devices = packet.append_to(self.devices)
        work = self.work
        if work is not None:
            index = work.datum
            if index >= BUFFER_SIZE:
                self.work = work.link
                return self.system.send(work)
            device = self.devices
            if device is not None:
                self.devices = device.link
                device.datum = work.data[index]
                work.datum = index + 1
                return self.system.send(device)
        return self.system.wait()


class DeviceTask(Task):
    def __init__(self, system, ident, priority):
        Task.__init__(self, system, ident, priority, None, False, True, False)
        self.held_packet = None

    def run(self, packet):
        if packet is None:
            packet = self.held_packet
            if packet is None:
                return self.system.wait()
            self.held_packet = None
            return self.system.send(packet)
        self.held_packet = packet
        return self.system.hold_self()


class System(object):
    def __init__(self):
        self.tasks = None
        self.table = [None] * 7
        self.current = None
        self.sent = 0
        self.holds = 0

    def send(self, packet):
        target = self.table[packet.ident]
        self.sent += 1
        packet.link = None
        packet.ident = self.current.ident
        return target.receive(self.current, packet)

    def release(self, ident):
        task = self.table[ident]
        task.held = False
        return task if task.priority > self.current.priority else self.current

    def hold_self(self):
        self.holds += 1
        self.current.held = True
        return self.current.link

    def wait(self):
        self.current.waiting = True
        return self.current

    def schedule(self):
        task = self.tasks
        while task is not None:
            if task.blocked():
                task = task.link
            else:
                self.current = task
                task = task.step()


def simulate(count):
    system = System()
    IdleTask(system, count)
    queue = Packet(Packet(None, 0, WORK_PACKET), 0, WORK_PACKET)
    WorkerTask(system, queue)
    for ident, priority, device in ((HANDLER_A, 2000, DEVICE_A), (HANDLER_B, 3000, DEVICE_B)):
        queue = None
        for _ in range(3):
            queue = Packet(queue, device, DEVICE_PACKET)
        HandlerTask(system, ident, priority, queue)
    DeviceTask(system, DEVICE_A, 4000)
    DeviceTask(system, DEVICE_B, 5000)
    system.schedule()
    return system.sent, system.holds


def run(count):
    result = simulate(count)
    expected = KNOWN_ANSWERS.get(count, result)
    if result != expected:
        raise SystemExit("richards: got %r, expected %r" % (result, expected))
    return "%d %d" % result


if __name__ == "__main__":
    main(run, 10000)
