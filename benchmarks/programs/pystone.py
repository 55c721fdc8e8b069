"""Classic (pystone-style): a synthetic mix of procedural integer code.

In the spirit of Dhrystone and pystone, not a copy of either: module-level
globals read and written through `global`, a record class copied and linked,
enumeration constants, a 1-D and a 2-D array, string comparison, and many
small functions with early returns.  SIZE is the number of loop passes.
"""

from benchlib import main

RED, GREEN, BLUE, CYAN, MAGENTA = range(5)

int_glob = 0
bool_glob = False
char_glob_1 = "\0"
char_glob_2 = "\0"
array_1 = [0] * 51
array_2 = [[0] * 51 for _ in range(51)]
record_glob = None


class Record(object):
    def __init__(self, link=None, colour=RED, number=0, text=""):
        self.link = link
        self.colour = colour
        self.number = number
        self.text = text

    def copy(self):
        return Record(self.link, self.colour, self.number, self.text)


def reset():
    global int_glob, bool_glob, char_glob_1, char_glob_2, record_glob
    int_glob = 0
    bool_glob = False
    char_glob_1 = char_glob_2 = "\0"
    for i in range(51):
        array_1[i] = 0
        row = array_2[i]
        for j in range(51):
            row[j] = 0
    # Two records linked to each other, as a pointer and its "next".
    other = Record()
    record_glob = Record(other, BLUE, 40, "SOME STRING, FIRST")
    other.link = record_glob


def step_record(record):
    """Copy `record` into its linked record, then update one or the other."""
    nxt = record.link
    nxt.colour, nxt.number, nxt.text = record.colour, record.number, record.text
    record.number = 5
    nxt.number = record.number
    if nxt.colour == BLUE:
        nxt.colour = shift_colour(record.colour)
        nxt.number = add_clamped(6, 10)
    else:
        record.colour, record.number, record.text = nxt.colour, nxt.number, nxt.text


def decrement_until(value):
    result = value + 10
    while True:
        if char_glob_1 == "A":
            result -= 1
            return result - int_glob
        if result < 3:
            return result
        result -= 7


def bump_global(record):
    global int_glob
    record.number = add_clamped(record.number, int_glob)
    int_glob = add_clamped(int_glob, 12)


def set_chars():
    global char_glob_1, bool_glob
    bool_glob = char_glob_1 == "A" or bool_glob
    char_glob_1 = "B"


def flag_chars():
    global char_glob_2, bool_glob
    char_glob_2 = "A"
    bool_glob = False


def shift_colour(colour):
    if colour == RED:
        return GREEN
    if colour == GREEN:
        return BLUE if int_glob > 100 else MAGENTA
    if colour == BLUE:
        return RED
    return CYAN if colour == MAGENTA else RED


def add_clamped(a, b):
    total = a + b + 2
    return total if total < 1000 else total - 997


def fill_arrays(a1, a2, x, y):
    global int_glob
    k = x + 5
    a1[k] = y
    a1[k + 1] = a1[k]
    a1[k + 30] = k
    for j in range(k, k + 2):
        a2[k][j] = k
    a2[k][k - 1] += 1
    a2[k + 20][k] = a1[k]
    int_glob = 5


def char_compare(c1, c2):
    return "A" if c1 == c2 else "B"


def text_compare(s1, s2):
    i = 2
    c = "A"
    while i <= 2:
        if char_compare(s1[i], s2[i + 1]) == "A":
            c = "A"
            i += 1
        else:
            i += 3
    if "W" <= c <= "Z":
        i = 7
    if c == "X":
        return True
    if s1 > s2:
        i += 7
        return True
    return False


def colour_is_green(colour):
    return colour == GREEN


def run(passes):
    global bool_glob
    reset()
    text_1 = "SOME STRING, 1'ST STRING"
    acc = 0
    for p in range(passes):
        flag_chars()
        set_chars()
        a, b = 2, 3
        text_2 = "SOME STRING, 2'ND STRING"
        colour = BLUE
        bool_glob = not text_compare(text_1, text_2)
        while a < b:
            c = 5 * a - b
            c = add_clamped(a, b) + c % 7
            a += 1
        fill_arrays(array_1, array_2, a, c)
        step_record(record_glob)
        snapshot = record_glob.link.copy()
        ch = "A"
        while ch <= char_glob_2:
            if colour == ord(ch) - 65 and char_compare(ch, "C") == "B":
                colour = shift_colour(colour)
            ch = chr(ord(ch) + 1)
        b = b * a
        a = b // 3 + p % 5
        b = 7 * (b - a) - a
        a = decrement_until(a)
        bump_global(record_glob)
        if colour_is_green(colour):
            bool_glob = True
        acc = (acc * 33 + a + b + c + int_glob + colour + bool_glob + array_1[8]
               + snapshot.number + snapshot.colour) % 1000003
    return "%d %d %d" % (acc, int_glob, sum(array_1) + sum(map(sum, array_2)))


if __name__ == "__main__":
    main(run, 50000)
