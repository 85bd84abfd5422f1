"""SymPy answers: rebuild a :class:`~nnlib.grading.serialize.SymTree` safely and decide equivalence.

The tree is rebuilt from a whitelist of SymPy classes with ``evaluate=False``,
so no string is ever parsed or evaluated and no huge number is ever expanded.
The course's own sigmoid, ``nnlib.symbolic.sigma``, is accepted and read as
``1/(1 + exp(−z))``.  Two expressions are equivalent when

1. they use only the allowed symbols (``z``, ``y`` … by name), and
2. SymPy decides it symbolically: ``simplify`` of their difference is ``0``
   (equal), or ``equals(0)`` of it is ``False`` (not equal, even when the
   difference is too small to see at any random point, such as ``z/10⁹``);
3. only when SymPy cannot decide, or the expressions are too large to
   simplify in time, do random points decide; random points also supply the
   counter-example that a "not equal" message shows.
"""

import math

import sympy as sp

from .i18n import t, translate_raised
from .serialize import SymTree

__all__ = ["from_tree", "equivalent", "TreeError"]


class TreeError(ValueError):
    """The tree uses something outside the whitelist, or is malformed."""


_OPS = {"Add": sp.Add, "Mul": sp.Mul, "Pow": sp.Pow}
_FUNCS = {
    "exp": sp.exp, "log": sp.log, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "Abs": sp.Abs, "sign": sp.sign,
}
_ATOMS = {"Exp1": sp.E, "Pi": sp.pi, "ImaginaryUnit": sp.I, "Half": sp.S.Half, "One": sp.S.One, "Zero": sp.S.Zero,
          "NegativeOne": sp.S.NegativeOne, "Infinity": sp.oo, "NegativeInfinity": -sp.oo, "NaN": sp.nan,
          "ComplexInfinity": sp.zoo}
_NUMBER_NAMES = {"Integer", "One", "Zero", "NegativeOne", "Half", "Rational", "Float"}


def from_tree(tree, _depth=0, _count=None):
    """Rebuild a SymPy expression from a tree, or raise :class:`TreeError`."""
    count = _count if _count is not None else [0]
    count[0] += 1
    if count[0] > 3000 or _depth > 200:
        raise TreeError("the expression is too large")
    if not isinstance(tree, list) or not tree or not isinstance(tree[0], str):
        raise TreeError("malformed expression")
    head = tree[0]
    if head == "Symbol" and len(tree) == 2 and isinstance(tree[1], str):
        return sp.Symbol(tree[1][:50])
    if head == "Integer" and len(tree) == 2 and isinstance(tree[1], str) and len(tree[1]) <= 40:
        return sp.Integer(int(tree[1]))
    if head == "Rational" and len(tree) == 3 and all(isinstance(t, str) and len(t) <= 40 for t in tree[1:]):
        return sp.Rational(int(tree[1]), int(tree[2]))
    if head == "Float" and len(tree) == 2 and isinstance(tree[1], str) and len(tree[1]) <= 40:
        return sp.Float(float(tree[1]))
    if head == "Atom" and len(tree) == 2 and tree[1] in _ATOMS:
        return _ATOMS[tree[1]]
    if len(tree) == 2 and isinstance(tree[1], list):
        args = [from_tree(t, _depth + 1, count) for t in tree[1]]
        if head in _OPS and len(args) >= 2 and not (head == "Pow" and len(args) != 2):
            if head == "Pow" and args[1].is_Integer and abs(int(args[1])) > 1000:
                raise TreeError("the expression raises to a power above 1000")
            return _OPS[head](*args, evaluate=False)
        if head in _FUNCS and len(args) == 1:
            return _FUNCS[head](args[0], evaluate=False)
        if head == "sigma" and len(args) == 1:          # nnlib.symbolic.sigma, the lessons' σ
            return sp.Pow(sp.Add(1, sp.exp(sp.Mul(-1, args[0], evaluate=False), evaluate=False), evaluate=False), -1,
                          evaluate=False)
        raise TreeError(f"the expression uses {head}, which is not one of + − × / ** {', '.join(_FUNCS)}")
    raise TreeError("malformed expression")


_MATH = {"exp": math.exp, "log": math.log, "sin": math.sin, "cos": math.cos, "tan": math.tan,
         "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh, "Abs": abs,
         "sign": lambda v: float((v > 0) - (v < 0))}


def _float(expr, point):
    """Evaluate a whitelisted expression in plain floats: no big-number arithmetic can run away."""
    if expr.is_Symbol:
        return point[expr.name]
    if expr.is_Number or expr in (sp.E, sp.pi):
        return float(expr)
    args = [_float(a, point) for a in expr.args]
    name = type(expr).__name__
    if expr.is_Add:
        return math.fsum(args)
    if expr.is_Mul:
        return math.prod(args)
    if expr.is_Pow:
        base, power = args
        if base == 0 and power < 0:
            raise ZeroDivisionError
        return math.pow(base, power)
    if name in _MATH:
        return _MATH[name](args[0])
    raise ValueError(f"cannot evaluate {name}")


def _value(expr, point):
    try:
        v = _float(expr, point)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, ArithmeticError, RecursionError):
        return None
    return v if math.isfinite(v) else None


def _size(expr):
    return sum(1 for _ in sp.preorder_traversal(expr))


def equivalent(student, reference, ranges, rng, points=8, simplify_limit=120, reveal=False):
    """Decide whether a student's SymTree equals a reference SymPy expression.

    Parameters
    ----------
    student : SymTree
    reference : sympy expression
    ranges : dict name -> (low, high)
        The allowed symbols and where to draw random values for them.
    rng : numpy.random.Generator
    points : int
        Number of random points.
    reveal : bool
        Also give the right value at a point where the answers differ (public tests only).

    Returns
    -------
    (ok, message, evidence)
        ``message`` explains a failure in plain words (never showing the reference);
        ``evidence`` is ``"symbolic"``, ``"points"`` or ``None``.
    """
    if not isinstance(student, SymTree):
        return False, t("expected a SymPy expression"), None
    try:
        expr = from_tree(student.tree)
    except (TreeError, ValueError, TypeError, RecursionError) as err:
        return False, t("could not read your expression: {error}", error=translate_raised(str(err))), None
    allowed = {sp.Symbol(name) for name in ranges}
    extra = sorted(str(s) for s in expr.free_symbols if s not in allowed)
    if extra:
        want = ", ".join(sorted(ranges))
        return False, t("your expression uses the symbol(s) {extra}; write it with {allowed} only", extra=", ".join(extra),
                        allowed=want), None
    ref = reference.xreplace({s: sp.Symbol(s.name) for s in reference.free_symbols})
    same = None                                   # True / False when SymPy decides, None when it cannot
    if _size(expr) + _size(ref) <= simplify_limit:
        try:
            difference = sp.simplify((expr - ref).rewrite(sp.exp))
            same = True if difference == 0 else difference.equals(0)
        except (TypeError, ValueError, RecursionError, NotImplementedError, AttributeError):
            same = None
    if same is True:
        return True, "", "symbolic"
    counter = _counterexample(expr, ref, ranges, rng, points, reveal)
    if counter:
        return False, counter, "symbolic" if same is False else "points"
    if same is False:
        return False, t("your expression is not equal to the right one, although the two agree to about 8 digits "
                        "at random points: look for a small extra term or factor"), "symbolic"
    return True, "", "points"


def _counterexample(expr, ref, ranges, rng, points, reveal):
    """A message naming a random point where the two differ, or ''."""
    names = sorted(ranges)
    for _ in range(points):
        point = {n: float(rng.uniform(*ranges[n])) for n in names}
        want, got = _value(ref, point), _value(expr, point)
        if want is None:
            continue
        where = ", ".join(f"{n} = {point[n]:.3f}" for n in names)
        if got is None:
            return t("your expression is not a finite real number at {where}", where=where)
        if abs(got - want) > 1e-8 * (1 + abs(want)):
            right = t(" where the right answer is {want:.6g}", want=want) if reveal else ""
            return t("your expression differs from the right answer: at {where} it gives {got:.6g}", where=where,
                     got=got) + right
    return ""
