"""Classic: n-body simulation of the Sun and the four giant planets.

Bodies are lists of floats [x, y, z, vx, vy, vz, mass] (units: AU, years,
solar masses scaled by 4*pi**2); every step updates all pairs.  SIZE is the
number of steps.  The checksum is the system's energy before and after, to 9
decimals.  Initial conditions are the usual published orbital data.
"""

import math

from benchlib import main

PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24
STEP = 0.01

# name: position (AU), velocity (AU/day), mass (solar masses)
PLANETS = [
    ((4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01),
     (1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05),
     9.54791938424326609e-04),
    ((8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01),
     (-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05),
     2.85885980666130812e-04),
    ((1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01),
     (2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05),
     4.36624404335156298e-05),
    ((1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01),
     (2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05),
     5.15138902046611451e-05),
]


def make_system():
    bodies = [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, SOLAR_MASS]]
    for (x, y, z), (vx, vy, vz), mass in PLANETS:
        bodies.append([x, y, z, vx * DAYS_PER_YEAR, vy * DAYS_PER_YEAR,
                       vz * DAYS_PER_YEAR, mass * SOLAR_MASS])
    # Give the Sun the momentum that makes the system's total zero.
    sun = bodies[0]
    for axis in (3, 4, 5):
        momentum = 0.0
        for body in bodies:
            momentum += body[axis] * body[6]
        sun[axis] = -momentum / SOLAR_MASS
    return bodies


def all_pairs(bodies):
    return [(bodies[i], bodies[j])
            for i in range(len(bodies)) for j in range(i + 1, len(bodies))]


def advance(bodies, pairs, steps, dt):
    for _ in range(steps):
        for a, b in pairs:
            dx = a[0] - b[0]
            dy = a[1] - b[1]
            dz = a[2] - b[2]
            dist2 = dx * dx + dy * dy + dz * dz
            mag = dt / (dist2 * math.sqrt(dist2))
            am = a[6] * mag
            bm = b[6] * mag
            a[3] -= dx * bm
            a[4] -= dy * bm
            a[5] -= dz * bm
            b[3] += dx * am
            b[4] += dy * am
            b[5] += dz * am
        for body in bodies:
            body[0] += dt * body[3]
            body[1] += dt * body[4]
            body[2] += dt * body[5]


def energy(bodies, pairs):
    e = 0.0
    for a, b in pairs:
        dx = a[0] - b[0]
        dy = a[1] - b[1]
        dz = a[2] - b[2]
        e -= a[6] * b[6] / math.sqrt(dx * dx + dy * dy + dz * dz)
    for body in bodies:
        e += 0.5 * body[6] * (body[3] ** 2 + body[4] ** 2 + body[5] ** 2)
    return e


def run(steps):
    bodies = make_system()
    pairs = all_pairs(bodies)
    before = energy(bodies, pairs)
    advance(bodies, pairs, steps, STEP)
    return "%.9f %.9f" % (before, energy(bodies, pairs))


if __name__ == "__main__":
    main(run, 20000)
