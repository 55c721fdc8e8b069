"""A first program for pvmx: a hot loop the JIT traces."""


def sum_of_squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


print("hello from pvmx")
print(sum_of_squares(1_000_000))
