"""The object protocol for guest classes, so that guest dunder methods run interpreted.

Builtin types take their native fast paths; only objects of classes
defined in Python (heap types) go through these Python versions of
CPython's slot logic.
"""
