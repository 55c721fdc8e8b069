# A small stack-based bytecode VM written in guest code: the classic shape of a
# meta-traced interpreter loop (dispatch on opcode, stack pushes/pops, jumps).

PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JMP, JZ, PRINT, HALT, DUP, POP, CALL, RET = range(16)
NAMES = "PUSH LOAD STORE ADD SUB MUL MOD LT JMP JZ PRINT HALT DUP POP CALL RET".split()


def run(code, nvars, out):
    stack = []
    env = [0] * nvars
    frames = []
    pc = 0
    steps = 0
    while True:
        op = code[pc]
        arg = code[pc + 1]
        pc += 2
        steps += 1
        if op == PUSH:
            stack.append(arg)
        elif op == LOAD:
            stack.append(env[arg])
        elif op == STORE:
            env[arg] = stack.pop()
        elif op == ADD:
            b = stack.pop()
            stack.append(stack.pop() + b)
        elif op == SUB:
            b = stack.pop()
            stack.append(stack.pop() - b)
        elif op == MUL:
            b = stack.pop()
            stack.append(stack.pop() * b)
        elif op == MOD:
            b = stack.pop()
            stack.append(stack.pop() % b)
        elif op == LT:
            b = stack.pop()
            stack.append(1 if stack.pop() < b else 0)
        elif op == JMP:
            pc = arg
        elif op == JZ:
            if stack.pop() == 0:
                pc = arg
        elif op == PRINT:
            out.append(stack.pop())
        elif op == DUP:
            stack.append(stack[-1])
        elif op == POP:
            stack.pop()
        elif op == CALL:
            frames.append(pc)
            pc = arg
        elif op == RET:
            pc = frames.pop()
        elif op == HALT:
            return steps
        else:
            raise ValueError("bad opcode %d" % op)


def assemble(src):
    labels = {}
    words = []
    for line in src.strip().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        if line.endswith(":"):
            labels[line[:-1]] = len(words)
            continue
        parts = line.split()
        words.append(parts[0])
        words.append(parts[1] if len(parts) > 1 else "0")
    code = []
    for i in range(0, len(words), 2):
        code.append(NAMES.index(words[i]))
        a = words[i + 1]
        code.append(labels[a] if a in labels else int(a))
    return code


PROGRAM = """
    PUSH 0
    STORE 0          # i = 0
    PUSH 0
    STORE 1          # acc = 0
loop:
    LOAD 0
    PUSH 6000
    LT
    JZ end
    LOAD 1
    LOAD 0
    LOAD 0
    MUL
    ADD
    PUSH 1000003
    MOD
    STORE 1          # acc = (acc + i*i) % 1000003
    LOAD 0
    PUSH 500
    MOD
    JZ report
back:
    LOAD 0
    PUSH 1
    ADD
    STORE 0
    JMP loop
report:
    LOAD 1
    PRINT
    CALL sub
    JMP back
sub:
    LOAD 2
    PUSH 3
    ADD
    STORE 2
    RET
end:
    LOAD 1
    PRINT
    LOAD 2
    PRINT
    HALT
"""


def main():
    code = assemble(PROGRAM)
    print(len(code), code[:12])
    out = []
    steps = run(code, 3, out)
    print(steps, out)
    fib_src = """
        PUSH 0
        STORE 0
        PUSH 1
        STORE 1
        PUSH 0
        STORE 2
    top:
        LOAD 2
        PUSH 3000
        LT
        JZ done
        LOAD 0
        LOAD 1
        DUP
        STORE 0
        ADD
        PUSH 1000000007
        MOD
        STORE 1
        LOAD 2
        PUSH 1
        ADD
        STORE 2
        JMP top
    done:
        LOAD 0
        PRINT
        HALT
    """
    out2 = []
    print(run(assemble(fib_src), 3, out2), out2)
    try:
        run([99, 0], 1, [])
    except ValueError as e:
        print("ValueError", e)


main()
