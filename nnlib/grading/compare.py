"""What every graded question shares: test cases, known mistakes, and how answers are compared.

A :class:`Question` knows, for one function or class a student writes:

* ``call_kind`` (and ``call_options``): how to run an implementation on a test
  case, one of :data:`nnlib.grading.calls.KINDS`.  The same code runs the
  student's function (in the notebook for ``check``, in the sandboxed kernel
  when grading) and the reference and the wrong variants (in the grader's
  process), so all of them see exactly the same inputs.
* ``public_cases()``: fixed inputs used by ``check(...)`` in the notebook;
  ``hidden_cases(rng)``: fresh inputs drawn per student from the instructor's seed.
* ``reference(case)``: the expected result, from ``nnlib``'s own code.
* ``variants``: classic mistakes, each a wrong implementation with a
  plain-words diagnosis and the lesson section to reread.  A student's answer
  "is" a variant when both give the same results on every test case.
* ``compare(case, expected, got, reveal)``: a fraction of the case's credit
  and a message.  With ``reveal=False`` (hidden tests) the message gives
  shapes and sizes of differences, never the inputs or expected numbers.

The questions themselves live one exercise per module in
:mod:`nnlib.grading.assignments`.  None of this runs in a graded kernel.
"""

import zlib
from dataclasses import dataclass, field

import numpy as np

from . import calls
from .i18n import t, tr, translate_raised
from .serialize import Opaque, Raised, SymTree

__all__ = ["Case", "Variant", "Question", "ArrayFunction", "ArgsFunction", "list_args", "Symbolic", "compare_plain",
           "same_plain", "describe", "raised_message", "run_plain", "near_miss", "relation", "RTOL", "ATOL"]

RTOL, ATOL = 1e-6, 1e-9


@dataclass
class Case:
    """One test input.  ``args`` go to the student's code; ``private`` stays in the grader."""

    label: str
    args: dict = field(default_factory=dict)
    mode: str = ""
    weight: float = 1.0
    private: dict = field(default_factory=dict)


@dataclass
class Variant:
    """A known-wrong implementation and what to tell a student whose answer behaves like it."""

    name: str
    impl: object
    diagnosis: str
    section: str


# ----------------------------------------------------------------- comparing
def _preview(a, k=4, digits=4):
    flat = np.asarray(a, dtype=float).ravel()
    shown = " ".join(f"{v:.{digits}g}" for v in flat[:k])
    return f"[{shown}{' …' if flat.size > k else ''}]"


def describe(x):
    """A short phrase for a plain value: ``an array of shape (3, 1)``, ``a list of 2 items`` …"""
    if isinstance(x, np.ndarray):
        return t("a single number") if x.ndim == 0 else t("an array of shape {shape}", shape=x.shape)
    if isinstance(x, list):
        return t("a list of 1 item") if len(x) == 1 else t("a list of {n} items", n=len(x))
    if isinstance(x, dict):
        return t("a dict")
    if x is None:
        return "None"
    if isinstance(x, str):
        return t("a string")
    if isinstance(x, SymTree):
        return t("a SymPy expression")
    if isinstance(x, Opaque):
        return t("a {type}", type=x.typename) + (f" ({translate_raised(x.reason)})" if x.reason else "")
    return t("a {type}", type=type(x).__name__)


def _shape_words(a):
    return t("shape {shape}", shape="()" if a.ndim == 0 else a.shape)


def _shape_hint(e, g):
    if g.shape == e.shape[::-1] and g.ndim == 2 and e.shape[0] != e.shape[1]:
        return t(" (the transposed shape)")
    if e.ndim == 2 and e.shape[1] == 1 and g.shape == (e.shape[0],):
        return t(" (a 1-D array: keep the column shape, e.g. with keepdims=True)")
    return ""


def _where(where):
    """``the returned weights[1]`` in the current language: the name translated, the indices kept."""
    base = where.rstrip("]0123456789[")
    return tr(base) + where[len(base):]


NOT_RUN = {"Timeout", "KernelDied", "NotRun"}     # set by the grader, not raised by the student's code


def raised_message(r):
    if r.ename == "NotImplementedError":
        return t("not implemented yet")
    if r.ename in NOT_RUN:
        return t("no result: {reason}", reason=translate_raised(r.evalue))
    if r.evalue:
        return t("raised {ename}: {evalue}", ename=r.ename, evalue=translate_raised(r.evalue))
    return t("raised {ename}", ename=r.ename)


def compare_plain(expected, got, reveal, rtol=RTOL, atol=ATOL, where=""):
    """Compare plain values; return ``(ok, message)``.  Shapes must match exactly: no broadcasting."""
    at = t("{where}: ", where=_where(where)) if where else ""
    if isinstance(got, Raised):
        return False, at + raised_message(got)
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            return False, at + t("expected {expected}, got {got}", expected=describe(expected), got=describe(got))
        e, g = expected.astype(float), got.astype(float)
        if g.shape != e.shape:
            msg = at + t("expected shape {expected}, got shape {got}", expected=e.shape, got=g.shape) + _shape_hint(e, g)
            if reveal:
                msg = at + t("expected shape {expected} {expected_values}, got shape {got} {got_values}", expected=e.shape,
                             expected_values=_preview(e), got=g.shape, got_values=_preview(g)) + _shape_hint(e, g)
            return False, msg
        if not np.all(np.isfinite(g)):
            return False, at + t("your result contains NaN or inf ({bad} of {size} entries)",
                                 bad=int(np.sum(~np.isfinite(g))), size=g.size)
        if np.allclose(g, e, rtol=rtol, atol=atol):
            return True, ""
        near = near_miss(e, g, got.dtype, rtol, atol)
        if reveal:
            pe, pg = _preview(e), _preview(g)
            if pe == pg:
                pe, pg = _preview(e, digits=10), _preview(g, digits=10)
            return False, at + t("expected {expected}, got {got} ({shape} is right)", expected=pe, got=pg,
                                 shape=_shape_words(g)) + near
        worst = float(np.max(np.abs(g - e)))
        return False, at + t("the {shape} is right but the values differ (largest difference {worst:.2g})",
                             shape=_shape_words(g), worst=worst) + near
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return False, at + t("expected {expected}, got {got}", expected=describe(expected), got=describe(got))
        for i, (e, g) in enumerate(zip(expected, got)):
            ok, msg = compare_plain(e, g, reveal, rtol, atol, f"{where}[{i}]")
            if not ok:
                return False, msg
        return True, ""
    if expected is None:
        return (got is None), ("" if got is None else at + t("expected None, got {got}", got=describe(got)))
    return (expected == got), ("" if expected == got else at + t("unexpected result {got}", got=describe(got)))


def near_miss(e, g, dtype, rtol=RTOL, atol=ATOL):
    """A phrase for an answer that is almost right: the size of the error, the tolerance, and the likely cause."""
    if atol == 0 and rtol == 0:                                   # an exact comparison has no "almost"
        return ""
    err = np.abs(g - e)
    worst = float(np.max(err / (atol + rtol * np.abs(e))))        # 1 would be exactly at the tolerance
    if worst > 1e4:
        return ""
    rel = float(np.max(err / np.maximum(np.abs(e), atol)))
    text = t("; close, but not within the tolerance: the largest relative error is {rel:.1e}, and the test "
             "allows |got − expected| ≤ {atol:g} + {rtol:g}·|expected|", rel=rel, atol=atol, rtol=rtol)
    if np.dtype(dtype) == np.float32 or np.dtype(dtype) == np.float16:
        return text + t(". Your result is {dtype}, which keeps about 7 significant digits: compute in float64",
                        dtype=np.dtype(dtype).name)
    for digits in range(1, 9):
        if np.array_equal(g, np.round(e, digits)):
            if digits == 1:
                return text + t(". Your numbers look rounded to 1 decimal: return them unrounded")
            return text + t(". Your numbers look rounded to {digits} decimals: return them unrounded", digits=digits)
    return text


def relation(expected, got):
    """How a wrong array relates to the expected one, when simply (a sign, a constant factor, a transpose), or ''.

    It names the relation, never the expected values, so it is safe for hidden tests too.
    """
    if isinstance(expected, list) and isinstance(got, list) and len(expected) == len(got):
        for e, g in zip(expected, got):
            if not same_plain(e, g):
                return relation(e, g)
        return ""
    if not (isinstance(expected, np.ndarray) and isinstance(got, np.ndarray)) or expected.size == 0:
        return ""
    e, g = expected.astype(float), got.astype(float)
    if not np.all(np.isfinite(g)):
        return ""
    if g.shape == e.shape[::-1] and e.ndim == 2 and np.allclose(g, e.T, rtol=RTOL, atol=ATOL):
        return t("your result is the transpose of the expected one")
    if g.shape != e.shape:
        return ""
    if np.allclose(g, -e, rtol=RTOL, atol=ATOL):
        return t("your result has the expected size but the opposite sign everywhere")
    norm = float(e.ravel() @ e.ravel())
    if norm > 0:
        c = float(e.ravel() @ g.ravel()) / norm
        if abs(c) > 1e-12 and np.allclose(g, c * e, rtol=1e-6, atol=ATOL):
            return t("your result is a constant multiple of the expected one: {factor:.4g} times it", factor=c)
    return ""


def same_plain(a, b, rtol=RTOL, atol=ATOL):
    """True when two plain results agree (both raised, or equal values): used to recognise variants."""
    if isinstance(a, Raised) or isinstance(b, Raised):
        return isinstance(a, Raised) and isinstance(b, Raised)
    return compare_plain(a, b, reveal=False, rtol=rtol, atol=atol)[0]


def _named(parts, expected, got, reveal, rtol=RTOL, atol=ATOL):
    """Compare lists whose top-level items have names (``nabla_b``, ``nabla_w`` …) for clearer messages."""
    if isinstance(got, Raised):
        return False, raised_message(got)
    if not isinstance(got, list) or len(got) != len(expected):
        want = (t(" and ") if len(parts) < 4 else ", ").join(tr(p) for p in parts)
        return False, t("expected {n} results ({names}), got {got}", n=len(expected), names=want, got=describe(got))
    for name, e, g in zip(parts, expected, got):
        ok, msg = compare_plain(e, g, reveal, rtol, atol, name)
        if not ok:
            return False, msg
    return True, ""


def _seed(*names):
    return [zlib.crc32(n.encode()) for n in names]


# ----------------------------------------------------------------- questions
class Question:
    """Base class: a function the student writes, called with numpy arrays."""

    name = ""
    title = ""
    lesson = ""
    kind = "function"
    allowed = "numpy"              # what an answer may use, stated in the exercise and in check's messages
    variants = ()
    answer_forms = ()              # spellings of the answer that no message may contain

    @property
    def section(self):
        """Where to reread when an answer is wrong in a way no classic mistake explains."""
        return self.variants[0].section if self.variants else "lesson " + self.lesson[:2]

    call_kind = "array"
    call_options = {}

    def call(self, impl, case):
        return calls.call(self.call_kind, impl, case.args, case.mode, **self.call_options)

    def solution(self, *args):
        raise NotImplementedError

    def reference(self, case):
        from .serialize import to_plain
        return to_plain(self.call(self.solution, case))

    def public_cases(self):
        return self.cases(np.random.default_rng(_seed("public", self.name)), public=True)

    def hidden_cases(self, rng):
        return self.cases(rng, public=False)

    def cases(self, rng, public):
        raise NotImplementedError

    def compare(self, case, expected, got, reveal):
        ok, msg = compare_plain(expected, got, reveal)
        return (1.0 if ok else 0.0), msg

    def matches(self, case, variant_result, got):
        return same_plain(variant_result, got)

    def variant_results(self, cases):
        """Each variant's plain results on the cases (run in this process: the variants are our own code)."""
        return {v.name: [run_plain(v.impl, self, c) for c in cases] for v in self.variants}

    def diagnose(self, cases, got, variant_results):
        """The first known mistake that behaves exactly like the student's answer on every case, or ``None``.

        A variant matches when, case by case, both raised the same exception or both gave the same
        result, and at least one case gave a matching result (so raising alone never matches).
        """
        if any(isinstance(g, Raised) and g.ename == "NotImplementedError" for g in got):
            return None
        for v in self.variants:
            results = variant_results.get(v.name)
            if not results or len(results) != len(got):
                continue
            agree, valued = True, False
            for case, r, g in zip(cases, results, got):
                if isinstance(r, Raised) or isinstance(g, Raised):
                    agree = isinstance(r, Raised) and isinstance(g, Raised) and r.ename == g.ename
                elif self.matches(case, r, g):
                    valued = True
                else:
                    agree = False
                if not agree:
                    break
            if agree and valued:
                return v
        return None


def run_plain(impl, question, case):
    """Run ``impl`` on a case as the harness does (warnings silenced) and return the plain result or Raised."""
    import warnings

    from .serialize import to_plain
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return to_plain(question.call(impl, case))
    except Exception as err:  # a wrong implementation may raise anything
        return Raised(type(err).__name__, str(err))


class ArrayFunction(Question):
    """A function of numpy arrays: ``impl(*args)`` with the case's arrays, in order."""

    arg_names = ()

    @property
    def call_options(self):
        return {"names": list(self.arg_names)}


class ArgsFunction(Question):
    """A function of arrays, Python numbers (names in ``numbers``) and lists of arrays (names in ``lists``)."""

    arg_names = ()
    numbers = ()
    lists = ()
    parts = ()               # names of the returned items, for messages, when the function returns several

    call_kind = "args"

    @property
    def call_options(self):
        return {"names": list(self.arg_names), "numbers": list(self.numbers), "lists": list(self.lists)}

    def compare(self, case, expected, got, reveal):
        ok, msg = _named(self.parts, expected, got, reveal) if self.parts else compare_plain(expected, got, reveal)
        return (1.0 if ok else 0.0), msg


def list_args(name, arrays):
    """A list of arrays as a case stores it for :class:`ArgsFunction` (``name.0``, ``name.1`` …)."""
    return {f"{name}.{i}": np.asarray(a) for i, a in enumerate(arrays)}


def _z(rng, shape, scale=2.0):
    return scale * rng.standard_normal(shape)



# ----------------------------------------------------------------- symbolic answers
class Symbolic(Question):
    """A function that takes SymPy symbols and returns a SymPy expression; graded by equivalence."""

    kind = "symbolic"
    symbols = ()
    ranges = {}

    call_kind = "symbolic"

    @property
    def call_options(self):
        return {"symbols": list(self.symbols)}

    def reference(self, case):
        import sympy as sp
        return self.expected(*[sp.Symbol(n) for n in self.symbols])

    def cases(self, rng, public):
        names = ", ".join(self.symbols)
        return [Case(f"a SymPy expression in {names}", {}, private={"points": int(rng.integers(2**31))})]

    def _check(self, case, expected, got, salt=0, reveal=False):
        from .symtools import equivalent
        if isinstance(got, Raised):
            return False, raised_message(got)
        if not isinstance(got, SymTree):
            return False, t("expected a SymPy expression, got {got}", got=describe(got))
        rng = np.random.default_rng([case.private.get("points", 0), salt])
        ok, msg, _ = equivalent(got, expected, self.ranges, rng, reveal=reveal)
        return ok, msg

    def compare(self, case, expected, got, reveal):
        ok, msg = self._check(case, expected, got, reveal=reveal)
        return (1.0 if ok else 0.0), msg

    def matches(self, case, variant_result, got):
        from .symtools import TreeError, from_tree
        if not (isinstance(variant_result, SymTree) and isinstance(got, SymTree)):
            return False
        try:
            return self._check(case, from_tree(variant_result.tree), got, salt=1)[0]
        except (TreeError, ValueError, TypeError):
            return False


def sym_sigmoid(z):
    import sympy as sp
    return 1 / (1 + sp.exp(-z))
