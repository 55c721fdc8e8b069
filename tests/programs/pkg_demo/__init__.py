"""A guest package imported by imports_package.py; uses relative imports."""
from .core import Vector, dot
from . import util
from .sub.deep import deep_value

__all__ = ["Vector", "dot", "util", "deep_value", "VERSION"]
VERSION = (0, 1)
INIT_ORDER = []
INIT_ORDER.append("pkg_demo")
