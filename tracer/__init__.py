"""pvmx's meta-tracer: hints, recorder, IR, optimizer, resume data, executor.

Knows nothing of Python bytecode and never imports `interp/` or
`backend_x86/`.  This file stays empty of imports so that importing the
hints API does not load the whole tracer.
"""
