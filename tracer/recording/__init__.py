"""Recording: running the interpreter's own code on boxes to write a trace.

twins.py makes the recording twins of the interpreter's functions (code
from twincode.py, rewritten by rewrite.py), boxes.py holds guest values
while they are recorded, recorder.py turns what is done to boxes into IR,
and objects.py records the hints for guest objects.
"""
