"""Classic (go-style): random playouts of Go on a 9x9 board.

Each playout plays uniformly random legal moves for both colours (never
filling a point whose neighbours are all its own stones, so games end) with
captures, a suicide rule and a simple ko rule, then scores by area.  Flood
fills over groups and liberties make it branchy, data-dependent search code.
A fixed linear congruential generator makes every runner play the same
games.  SIZE is the number of playouts.
"""

from benchlib import main

N = 9
EMPTY, BLACK, WHITE = 0, 1, 2
MAX_MOVES = 3 * N * N


def neighbour_table():
    table = []
    for p in range(N * N):
        row, col = divmod(p, N)
        near = []
        if row > 0:
            near.append(p - N)
        if row < N - 1:
            near.append(p + N)
        if col > 0:
            near.append(p - 1)
        if col < N - 1:
            near.append(p + 1)
        table.append(near)
    return table


NEIGHBOURS = neighbour_table()


class Random(object):
    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return (self.state >> 33) % n


class Board(object):
    def __init__(self):
        self.points = [EMPTY] * (N * N)
        self.ko = -1
        self.captured = 0

    def group(self, start):
        """The stones connected to `start`, and whether the group has a liberty."""
        colour = self.points[start]
        stones = [start]
        seen = {start}
        free = False
        i = 0
        while i < len(stones):
            for q in NEIGHBOURS[stones[i]]:
                c = self.points[q]
                if c == EMPTY:
                    free = True
                elif c == colour and q not in seen:
                    seen.add(q)
                    stones.append(q)
            i += 1
        return stones, free

    def is_own_eye(self, p, colour):
        for q in NEIGHBOURS[p]:
            if self.points[q] != colour:
                return False
        return True

    def play(self, p, colour):
        """Place a stone if legal; return whether it was."""
        if self.points[p] != EMPTY or p == self.ko:
            return False
        self.points[p] = colour
        enemy = BLACK + WHITE - colour
        removed = []
        for q in NEIGHBOURS[p]:
            if self.points[q] == enemy:
                stones, free = self.group(q)
                if not free:
                    for s in stones:
                        self.points[s] = EMPTY
                    removed.extend(stones)
        if not removed and not self.group(p)[1]:
            self.points[p] = EMPTY  # suicide
            return False
        self.captured += len(removed)
        self.ko = removed[0] if len(removed) == 1 else -1
        return True

    def score(self):
        """Area score: stones plus empty points reached by one colour only."""
        black = white = 0
        for p in range(N * N):
            c = self.points[p]
            if c == BLACK:
                black += 1
            elif c == WHITE:
                white += 1
            else:
                near = set(self.points[q] for q in NEIGHBOURS[p])
                if near == {BLACK}:
                    black += 1
                elif near == {WHITE}:
                    white += 1
        return black - white


def playout(rng):
    board = Board()
    colour = BLACK
    passes = moves = 0
    while passes < 2 and moves < MAX_MOVES:
        empties = [p for p in range(N * N) if board.points[p] == EMPTY]
        played = False
        while empties:
            p = empties.pop(rng.below(len(empties)))
            if not board.is_own_eye(p, colour) and board.play(p, colour):
                played = True
                break
        passes = 0 if played else passes + 1
        moves += 1
        colour = BLACK + WHITE - colour
    return board.score(), moves, board.captured


def run(games):
    rng = Random(2024)
    margin = moves = captured = 0
    for g in range(games):
        s, m, c = playout(rng)
        margin += (g + 1) * s
        moves += m
        captured += c
    return "%d %d %d" % (margin, moves, captured)


if __name__ == "__main__":
    main(run, 20)
