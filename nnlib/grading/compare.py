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
        return "a single number" if x.ndim == 0 else f"an array of shape {x.shape}"
    if isinstance(x, list):
        return f"a list of {len(x)} item{'s' if len(x) != 1 else ''}"
    if isinstance(x, dict):
        return "a dict"
    if x is None:
        return "None"
    if isinstance(x, str):
        return "a string"
    if isinstance(x, SymTree):
        return "a SymPy expression"
    if isinstance(x, Opaque):
        return f"a {x.typename}" + (f" ({x.reason})" if x.reason else "")
    return f"a {type(x).__name__}"


def _shape_words(a):
    return "shape ()" if a.ndim == 0 else f"shape {a.shape}"


def _shape_hint(e, g):
    if g.shape == e.shape[::-1] and g.ndim == 2 and e.shape[0] != e.shape[1]:
        return " (the transposed shape)"
    if e.ndim == 2 and e.shape[1] == 1 and g.shape == (e.shape[0],):
        return " (a 1-D array: keep the column shape, e.g. with keepdims=True)"
    return ""


NOT_RUN = {"Timeout", "KernelDied", "NotRun"}     # set by the grader, not raised by the student's code


def raised_message(r):
    if r.ename == "NotImplementedError":
        return "not implemented yet"
    if r.ename in NOT_RUN:
        return f"no result: {r.evalue}"
    return f"raised {r.ename}: {r.evalue}" if r.evalue else f"raised {r.ename}"


def compare_plain(expected, got, reveal, rtol=RTOL, atol=ATOL, where=""):
    """Compare plain values; return ``(ok, message)``.  Shapes must match exactly: no broadcasting."""
    at = f"{where}: " if where else ""
    if isinstance(got, Raised):
        return False, at + raised_message(got)
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            return False, f"{at}expected {describe(expected)}, got {describe(got)}"
        e, g = expected.astype(float), got.astype(float)
        if g.shape != e.shape:
            msg = f"{at}expected shape {e.shape}, got shape {g.shape}{_shape_hint(e, g)}"
            if reveal:
                msg = f"{at}expected shape {e.shape} {_preview(e)}, got shape {g.shape} {_preview(g)}{_shape_hint(e, g)}"
            return False, msg
        if not np.all(np.isfinite(g)):
            return False, f"{at}your result contains NaN or inf ({int(np.sum(~np.isfinite(g)))} of {g.size} entries)"
        if np.allclose(g, e, rtol=rtol, atol=atol):
            return True, ""
        near = near_miss(e, g, got.dtype, rtol, atol)
        if reveal:
            pe, pg = _preview(e), _preview(g)
            if pe == pg:
                pe, pg = _preview(e, digits=10), _preview(g, digits=10)
            return False, f"{at}expected {pe}, got {pg} ({_shape_words(g)} is right){near}"
        worst = float(np.max(np.abs(g - e)))
        return False, f"{at}the {_shape_words(g)} is right but the values differ (largest difference {worst:.2g}){near}"
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return False, f"{at}expected {describe(expected)}, got {describe(got)}"
        for i, (e, g) in enumerate(zip(expected, got)):
            ok, msg = compare_plain(e, g, reveal, rtol, atol, f"{where}[{i}]")
            if not ok:
                return False, msg
        return True, ""
    if expected is None:
        return (got is None), ("" if got is None else f"{at}expected None, got {describe(got)}")
    return (expected == got), ("" if expected == got else f"{at}unexpected result {describe(got)}")


def near_miss(e, g, dtype, rtol=RTOL, atol=ATOL):
    """A phrase for an answer that is almost right: the size of the error, the tolerance, and the likely cause."""
    if atol == 0 and rtol == 0:                                   # an exact comparison has no "almost"
        return ""
    err = np.abs(g - e)
    worst = float(np.max(err / (atol + rtol * np.abs(e))))        # 1 would be exactly at the tolerance
    if worst > 1e4:
        return ""
    rel = float(np.max(err / np.maximum(np.abs(e), atol)))
    text = (f"; close, but not within the tolerance: the largest relative error is {rel:.1e}, and the test "
            f"allows |got − expected| ≤ {atol:g} + {rtol:g}·|expected|")
    if np.dtype(dtype) == np.float32 or np.dtype(dtype) == np.float16:
        return text + f". Your result is {np.dtype(dtype).name}, which keeps about 7 significant digits: compute in float64"
    for digits in range(1, 9):
        if np.array_equal(g, np.round(e, digits)):
            return text + f". Your numbers look rounded to {digits} decimal{'s' if digits > 1 else ''}: return them unrounded"
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
        return "your result is the transpose of the expected one"
    if g.shape != e.shape:
        return ""
    if np.allclose(g, -e, rtol=RTOL, atol=ATOL):
        return "your result has the expected size but the opposite sign everywhere"
    norm = float(e.ravel() @ e.ravel())
    if norm > 0:
        c = float(e.ravel() @ g.ravel()) / norm
        if abs(c) > 1e-12 and np.allclose(g, c * e, rtol=1e-6, atol=ATOL):
            return f"your result is a constant multiple of the expected one: {c:.4g} times it"
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
        want = " and ".join(parts) if len(parts) < 4 else ", ".join(parts)
        return False, f"expected {len(expected)} results ({want}), got {describe(got)}"
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
        return self.variants[0].section if self.variants else f"lesson {self.lesson[:2]}"

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
            return False, f"expected a SymPy expression, got {describe(got)}"
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
