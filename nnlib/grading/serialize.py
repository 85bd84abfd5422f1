"""Plain data between the student's kernel and the grader: numbers, arrays, lists, strings, SymPy trees.

A student's function runs in the student's kernel; its result must reach the
grader's process without trusting anything the student controls.  So results
are reduced to *plain* values first (:func:`to_plain`):

* numbers and numeric arrays become ``numpy.ndarray`` (bool, int or float);
* lists and tuples become lists, dicts with string keys stay dicts;
* short strings stay strings, ``None`` stays ``None``;
* a SymPy expression becomes a :class:`SymTree`, a nested list of names and
  numbers (rebuilt in the grader by a whitelist, never by ``eval``);
* anything else becomes an :class:`Opaque` that only records its type name.

:func:`encode` splits a plain value into a JSON document and a dict of arrays
(written with ``numpy.savez``; never with pickle), and :func:`decode` rebuilds
it from ``numpy.load(..., allow_pickle=False)`` and ``json.load``.  Sizes are
capped, so a result can neither exhaust the grader's memory nor nest forever.
"""

import numbers
import sys

import numpy as np

__all__ = ["Opaque", "SymTree", "Raised", "to_plain", "encode", "decode", "LIMITS"]

LIMITS = {
    "elements": 5_000_000,   # numbers in all arrays of one result
    "items": 1000,            # entries of one list or dict
    "depth": 8,               # nesting of lists and dicts
    "string": 500,            # characters of a string
    "sympy_nodes": 3000,      # nodes of a SymPy expression tree
}


class Opaque:
    """A value that is not plain data; only its type name (and why) crosses over."""

    def __init__(self, typename, reason=""):
        self.typename = str(typename)[:100]
        self.reason = str(reason)[:300]

    def __eq__(self, other):
        return isinstance(other, Opaque) and (self.typename, self.reason) == (other.typename, other.reason)

    def __repr__(self):
        return f"Opaque({self.typename!r}, {self.reason!r})"


class SymTree:
    """A SymPy expression as a tree: ``["Symbol", "z"]``, ``["Integer", "2"]``, ``["Add", [child, …]]``."""

    def __init__(self, tree):
        self.tree = tree

    def __eq__(self, other):
        return isinstance(other, SymTree) and self.tree == other.tree

    def __repr__(self):
        return f"SymTree({self.tree!r})"


class Raised:
    """The student's code raised: the exception's type name and message (never a traceback object)."""

    def __init__(self, ename, evalue=""):
        self.ename = str(ename)[:100]
        self.evalue = str(evalue)[:LIMITS["string"]]

    def __eq__(self, other):
        return isinstance(other, Raised) and (self.ename, self.evalue) == (other.ename, other.evalue)

    def __repr__(self):
        return f"Raised({self.ename!r}, {self.evalue!r})"


class _Budget:
    def __init__(self):
        self.elements = 0
        self.nodes = 0


def _is_sympy(obj):
    """A SymPy object, including the course's own subclasses (``nnlib.symbolic.sigma``, its symbols)."""
    if "sympy" not in sys.modules:      # no SymPy object can exist before SymPy is imported
        return False
    import sympy  # waits for an import another thread may have under way
    return isinstance(obj, sympy.Basic)


def _sympy_tree(expr, budget, depth=0):
    budget.nodes += 1
    if budget.nodes > LIMITS["sympy_nodes"]:
        raise ValueError(f"the expression has more than {LIMITS['sympy_nodes']} nodes")
    if depth > 200:
        raise ValueError("the expression is nested too deeply")
    if not _is_sympy(expr):
        raise ValueError(f"the expression contains a {type(expr).__name__}, not a SymPy object")
    name = type(expr).__name__
    if getattr(expr, "is_Symbol", False):
        return ["Symbol", str(expr.name)[:50]]
    if getattr(expr, "is_Integer", False):
        text = str(int(expr))
        if len(text) > 40:
            raise ValueError("the expression contains an integer with more than 40 digits")
        return ["Integer", text]
    if getattr(expr, "is_Rational", False):
        p, q = str(int(expr.p)), str(int(expr.q))
        if len(p) > 40 or len(q) > 40:
            raise ValueError("the expression contains a fraction with more than 40 digits")
        return ["Rational", p, q]
    if getattr(expr, "is_Float", False):
        return ["Float", repr(float(expr))]
    if not expr.args:
        return ["Atom", name]                       # E, pi, I, oo, nan, zoo …
    return [name, [_sympy_tree(a, budget, depth + 1) for a in expr.args]]


def to_plain(obj, _depth=0, _budget=None):
    """Reduce a result to plain data (see the module docstring); never raises for odd input."""
    budget = _budget or _Budget()
    if _depth > LIMITS["depth"]:
        return Opaque(type(obj).__name__, "nested too deeply")
    if obj is None:
        return None
    if isinstance(obj, Raised | Opaque | SymTree):
        return obj
    if isinstance(obj, str):
        return obj[: LIMITS["string"]]
    if _is_sympy(obj):
        try:
            return SymTree(_sympy_tree(obj, budget))
        except (ValueError, RecursionError, TypeError) as err:
            return Opaque(type(obj).__name__, str(err))
    if isinstance(obj, bool | numbers.Number | np.generic | np.ndarray):
        try:
            arr = np.array(obj)
        except Exception as err:  # any failure of a student's object is just "not an array"
            return Opaque(type(obj).__name__, f"could not be read as an array ({type(err).__name__})")
        if arr.dtype.kind not in "biuf":
            return Opaque(type(obj).__name__, f"an array of dtype {arr.dtype}, not of numbers")
        budget.elements += arr.size
        if budget.elements > LIMITS["elements"]:
            return Opaque("ndarray", f"more than {LIMITS['elements']} numbers in total")
        return np.array(arr, order="C", copy=True)
    if isinstance(obj, list | tuple):
        if len(obj) > LIMITS["items"]:
            return Opaque(type(obj).__name__, f"more than {LIMITS['items']} items")
        return [to_plain(x, _depth + 1, budget) for x in obj]
    if isinstance(obj, dict):
        if len(obj) > LIMITS["items"] or not all(isinstance(k, str) for k in obj):
            return Opaque("dict", "too many items or keys that are not strings")
        return {k[:100]: to_plain(v, _depth + 1, budget) for k, v in obj.items()}
    return Opaque(type(obj).__name__, "not a number, array, list or SymPy expression")


def encode(plain):
    """Split a plain value into ``(document, arrays)``: a JSON-able structure and ``{key: ndarray}``."""
    arrays = {}

    def enc(x):
        if x is None or isinstance(x, str):
            return x
        if isinstance(x, np.ndarray):
            key = f"a{len(arrays)}"
            arrays[key] = x
            return {"array": key}
        if isinstance(x, list):
            return {"list": [enc(v) for v in x]}
        if isinstance(x, dict):
            return {"dict": {k: enc(v) for k, v in x.items()}}
        if isinstance(x, SymTree):
            return {"sympy": x.tree}
        if isinstance(x, Raised):
            return {"raised": [x.ename, x.evalue]}
        if isinstance(x, Opaque):
            return {"opaque": [x.typename, x.reason]}
        raise TypeError(f"not a plain value: {type(x).__name__}")

    return enc(plain), arrays


def decode(document, arrays, _depth=0):
    """Rebuild a plain value from :func:`encode`'s output; unknown shapes of data become an :class:`Opaque`."""
    if _depth > LIMITS["depth"] + 2:
        return Opaque("result", "nested too deeply")
    if document is None or isinstance(document, str):
        return document if document is None else document[: LIMITS["string"]]
    if not isinstance(document, dict) or len(document) != 1:
        return Opaque("result", "malformed result")
    (tag, value), = document.items()
    if tag == "array":
        arr = arrays.get(value) if isinstance(value, str) else None
        if not isinstance(arr, np.ndarray) or arr.dtype.kind not in "biuf":
            return Opaque("result", "missing or malformed array")
        return arr
    if tag == "list" and isinstance(value, list):
        return [decode(v, arrays, _depth + 1) for v in value[: LIMITS["items"]]]
    if tag == "dict" and isinstance(value, dict):
        return {str(k)[:100]: decode(v, arrays, _depth + 1) for k, v in list(value.items())[: LIMITS["items"]]}
    if tag == "sympy":
        return SymTree(value)
    if tag == "raised" and isinstance(value, list) and len(value) == 2:
        return Raised(*value)
    if tag == "opaque" and isinstance(value, list) and len(value) == 2:
        return Opaque(*value)
    return Opaque("result", "malformed result")
