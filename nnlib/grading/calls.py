"""How a graded question calls the code a student wrote: the only grading code that runs in a graded kernel.

A question names one of the :data:`KINDS` below and, for ``array``, the order
of its arguments.  The same function calls the student's code in three places,
so that all of them see exactly the same inputs:

* in the learner's own notebook, when ``check(...)`` runs the public tests;
* in the sandboxed kernel of a graded submission, through :mod:`.agent`;
* in the grader's process, on nnlib's reference and on the known-wrong variants.

Nothing here knows an answer: this module and :mod:`.serialize` are all of
``nnlib.grading`` that a graded kernel can import (see :mod:`.sandbox`).
"""

import numpy as np

from .serialize import Opaque

__all__ = ["KINDS", "call", "network_from", "test_function"]


def _fresh(args, name, dtype=None):
    return np.array(args[name], dtype=dtype, copy=True)


def network_from(args):
    """The ``Network`` a case describes: ``sizes``, ``W1 … WL``, ``b1 … bL`` (sigmoid, quadratic cost)."""
    from ..network import Network

    sizes = [int(n) for n in args["sizes"]]
    net = Network(sizes, seed=0)
    L = len(sizes) - 1
    net.weights = [_fresh(args, f"W{l}", float) for l in range(1, L + 1)]
    net.biases = [_fresh(args, f"b{l}", float) for l in range(1, L + 1)]
    return net


def test_function(c, Q):
    """The scalar test function ``f(x) = Σ c sin(x) + ½ xᵀQx`` of the numerical-gradient questions."""
    def f(x):
        v = np.asarray(x, dtype=float).reshape(-1)
        return float(np.sum(c.reshape(-1) * np.sin(v)) + 0.5 * v @ Q @ v)
    return f


def _array(impl, args, mode, names=()):
    """``impl(*arrays)``, each a fresh copy, in the question's argument order."""
    return impl(*[_fresh(args, n) for n in names])


def _args(impl, args, mode, names=(), numbers=(), lists=()):
    """``impl(*values)`` in the question's order: fresh arrays; Python numbers for the names in ``numbers``
    (``iterations``, ``lam`` …); lists of arrays for the names in ``lists``, stored in a case as
    ``weights.0``, ``weights.1`` …"""
    def value(name):
        if name in lists:
            count = sum(1 for key in args if key.startswith(f"{name}."))
            return [_fresh(args, f"{name}.{i}") for i in range(count)]
        if name in numbers:
            return np.asarray(args[name]).item()
        return _fresh(args, name)
    return impl(*[value(n) for n in names])


def _network(impl, args, mode):
    """``impl(net, X, Y)`` (backprop)."""
    return impl(network_from(args), _fresh(args, "X"), _fresh(args, "Y"))


def _update(impl, args, mode):
    """``impl(net, X, Y, eta)``; also what ``net`` holds afterwards (the contract leaves it unchanged)."""
    net = network_from(args)
    out = impl(net, _fresh(args, "X"), _fresh(args, "Y"), float(args["eta"]))
    return [out, list(net.weights), list(net.biases)]


def _numerical(impl, args, mode):
    """``impl(f, x[, h])``; also ``x`` afterwards (the contract leaves it unchanged)."""
    x = _fresh(args, "x", float)
    f = test_function(np.array(args["c"]), np.array(args["Q"]))
    grad = impl(f, x) if "h" not in args else impl(f, x, float(args["h"]))
    return [grad, x]


def _graph_node(cls, args, mode):
    """One node (``single``): forward then backward; or two in a chain (``chain``), backward from ``dout``."""
    a = {k: np.array(v) for k, v in args.items()}
    if mode == "single":
        layer = cls()
        out = layer.forward(a["x"], a["y"])
        dx, dy = layer.backward(a["dout"])
        return [out, dx, dy]
    first, second = cls(), cls()
    inner = first.forward(a["x"], a["y"])
    out = second.forward(inner, a["w"])
    d_inner, dw = second.backward(a["dout"])
    dx, dy = first.backward(d_inner)
    return [out, dx, dy, dw]


def _symbolic(impl, args, mode, symbols=()):
    """``impl(*symbols)``: a function of SymPy symbols that returns an expression."""
    import sympy as sp
    return impl(*[sp.Symbol(n) for n in symbols])


def _train(impl, args, mode):
    """``impl(X_train, labels_train)`` returns a trained network; only its parameters cross over."""
    net = impl(_fresh(args, "X_train"), _fresh(args, "labels_train"))
    weights, biases = getattr(net, "weights", None), getattr(net, "biases", None)
    if not isinstance(weights, list | tuple) or not isinstance(biases, list | tuple):
        return Opaque(type(net).__name__, "not a network with lists .weights and .biases")
    names = [getattr(s, "name", "?") for s in getattr(net, "sigmas", [])] or ["sigmoid"] * len(weights)
    return {"weights": list(weights), "biases": list(biases), "activations": [str(n) for n in names]}


def _engine(cls, args, mode):
    """Build the case's expression from ``cls`` and call ``.backward()`` on it (a scalar engine, lesson 12).

    ``leaves`` are the input numbers, each wrapped as ``cls(number)``; each row ``[op, i, j]`` of
    ``program`` appends ``values[i] + values[j]`` (op 0) or ``values[i] * values[j]`` (op 1) to the list
    of values, which starts with the leaves.  Returns the last value's ``.value`` and every leaf's ``.grad``.
    """
    leaves = [cls(float(v)) for v in np.asarray(args["leaves"], dtype=float).ravel()]
    values = list(leaves)
    for op, i, j in np.asarray(args["program"], dtype=int).reshape(-1, 3):
        values.append(values[i] + values[j] if op == 0 else values[i] * values[j])
    out = values[-1]
    out.backward()
    return [np.array(float(out.value)), np.array([float(leaf.grad) for leaf in leaves])]


KINDS = {"array": _array, "args": _args, "network": _network, "update": _update, "numerical": _numerical,
         "graph_node": _graph_node, "symbolic": _symbolic, "train": _train, "engine": _engine}


def call(kind, impl, args, mode="", **options):
    """Call ``impl`` on one test case the way questions of ``kind`` do; return what it returned."""
    return KINDS[kind](impl, args, mode, **options)
