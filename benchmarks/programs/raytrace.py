"""Classic: a small recursive ray tracer.

Three spheres over a checkered plane, one point light, diffuse and specular
shading, shadows and two levels of reflection, rendered at SIZE x SIZE.
Vector arithmetic through operator overloading, polymorphic `intersect` and
`normal_at`, many short-lived objects.  The checksum sums the 8-bit colour
channels, which are ints.
"""

import math

from benchlib import main

EPSILON = 1e-6
MAX_DEPTH = 2


class Vec(object):
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def scale(self, o):
        return Vec(self.x * o.x, self.y * o.y, self.z * o.z)

    def length(self):
        return math.sqrt(self.dot(self))

    def normalized(self):
        return self * (1.0 / self.length())


BLACK = Vec(0.0, 0.0, 0.0)


class Ray(object):
    __slots__ = ("origin", "direction")

    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction

    def at(self, t):
        return self.origin + self.direction * t


class Sphere(object):
    def __init__(self, centre, radius, colour, reflect):
        self.centre = centre
        self.radius2 = radius * radius
        self.colour = colour
        self.reflect = reflect

    def intersect(self, ray):
        """Distance along `ray` to the nearest hit in front of it, or None."""
        oc = ray.origin - self.centre
        b = oc.dot(ray.direction)
        disc = b * b - oc.dot(oc) + self.radius2
        if disc < 0.0:
            return None
        root = math.sqrt(disc)
        t = -b - root
        if t > EPSILON:
            return t
        t = -b + root
        return t if t > EPSILON else None

    def normal_at(self, point):
        return (point - self.centre).normalized()

    def colour_at(self, point):
        return self.colour


class Plane(object):
    """The plane y = height, checkered in two colours."""

    def __init__(self, height, reflect):
        self.height = height
        self.reflect = reflect
        self.up = Vec(0.0, 1.0, 0.0)

    def intersect(self, ray):
        dy = ray.direction.y
        if -EPSILON < dy < EPSILON:
            return None
        t = (self.height - ray.origin.y) / dy
        return t if t > EPSILON else None

    def normal_at(self, point):
        return self.up

    def colour_at(self, point):
        if (int(math.floor(point.x)) + int(math.floor(point.z))) & 1:
            return Vec(0.9, 0.9, 0.9)
        return Vec(0.2, 0.2, 0.25)


class Scene(object):
    def __init__(self):
        self.objects = [
            Plane(-1.0, 0.3),
            Sphere(Vec(0.0, 0.0, 5.0), 1.0, Vec(0.9, 0.2, 0.2), 0.4),
            Sphere(Vec(-2.0, 0.5, 7.0), 1.5, Vec(0.2, 0.9, 0.3), 0.2),
            Sphere(Vec(2.0, -0.25, 4.0), 0.75, Vec(0.3, 0.3, 0.9), 0.6),
        ]
        self.light = Vec(-4.0, 6.0, -2.0)
        self.ambient = 0.1

    def nearest(self, ray):
        best_t = None
        best = None
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and (best_t is None or t < best_t):
                best_t = t
                best = obj
        return best, best_t

    def in_shadow(self, point, to_light, distance):
        ray = Ray(point, to_light)
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and t < distance:
                return True
        return False

    def trace(self, ray, depth):
        obj, t = self.nearest(ray)
        if obj is None:
            return Vec(0.05, 0.05, 0.1)
        point = ray.at(t)
        normal = obj.normal_at(point)
        base = obj.colour_at(point)
        to_light = self.light - point
        distance = to_light.length()
        to_light = to_light * (1.0 / distance)
        colour = base * self.ambient
        lambert = normal.dot(to_light)
        if lambert > 0.0 and not self.in_shadow(point, to_light, distance):
            colour = colour + base * lambert
            halfway = (to_light - ray.direction).normalized()
            spec = normal.dot(halfway)
            if spec > 0.0:
                spec *= spec
                spec *= spec
                spec *= spec
                spec *= spec
                colour = colour + Vec(spec, spec, spec) * 0.5
        if depth < MAX_DEPTH and obj.reflect > 0.0:
            d = ray.direction
            bounce = d - normal * (2.0 * d.dot(normal))
            colour = colour + self.trace(Ray(point, bounce), depth + 1) * obj.reflect
        return colour


def channel(v):
    if v <= 0.0:
        return 0
    if v >= 1.0:
        return 255
    return int(v * 255.0)


def run(size):
    scene = Scene()
    eye = Vec(0.0, 0.5, -3.0)
    total = 0
    for row in range(size):
        y = 1.0 - 2.0 * row / size
        for col in range(size):
            x = -1.0 + 2.0 * col / size
            ray = Ray(eye, (Vec(x, y, 0.0) - Vec(0.0, 0.5, -1.5)).normalized())
            c = scene.trace(ray, 0)
            total += channel(c.x) + 3 * channel(c.y) + 7 * channel(c.z)
    return str(total)


if __name__ == "__main__":
    main(run, 50)
