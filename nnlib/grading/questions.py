"""The graded questions: test cases, the reference, known-wrong variants, and how answers are compared.

A :class:`Question` knows, for one function or class a student writes:

* ``call(impl, case)``: how to run an implementation on a test case.  The
  same code runs the student's function (in the notebook for ``check``, in the
  student's kernel when grading) and the reference and the wrong variants (in
  the grader's process), so all of them see exactly the same inputs.
* ``public_cases()``: fixed inputs used by ``check(...)`` in the notebook;
  ``hidden_cases(rng)``: fresh inputs drawn from the instructor's seed.
* ``reference(case)``: the expected result, from ``nnlib``'s own code.
* ``variants``: classic mistakes, each a wrong implementation with a
  plain-words diagnosis and the lesson section to reread.  A student's answer
  "is" a variant when both give the same results on every test case.
* ``compare(case, expected, got, reveal)``: a fraction of the case's credit
  and a message.  With ``reveal=False`` (hidden tests) the message gives
  shapes and sizes of differences, never the inputs or expected numbers.

This module is imported inside the student's kernel by the grading harness,
so it needs only numpy and nnlib at import time (SymPy is imported when a
symbolic question runs).
"""

import zlib
from dataclasses import dataclass, field

import numpy as np

from ..activations import Sigmoid, sigmoid, sigmoid_prime
from .serialize import Opaque, Raised, SymTree

__all__ = ["Case", "Variant", "Question", "QUESTIONS", "get_question", "compare_plain", "describe"]

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
        if reveal:
            pe, pg = _preview(e), _preview(g)
            if pe == pg:
                pe, pg = _preview(e, digits=10), _preview(g, digits=10)
            return False, f"{at}expected {pe}, got {pg} ({_shape_words(g)} is right)"
        worst = float(np.max(np.abs(g - e)))
        return False, f"{at}the {_shape_words(g)} is right but the values differ (largest difference {worst:.2g})"
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
    variants = ()

    def call(self, impl, case):
        raise NotImplementedError

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

    def call(self, impl, case):
        return impl(*[np.array(case.args[n], copy=True) for n in self.arg_names])


def _z(rng, shape, scale=2.0):
    return scale * rng.standard_normal(shape)


# ---- lesson 03: σ'(z) -------------------------------------------------------
SEC_SIGMA = "lesson 03, sections 3 (“The sigmoid and σ′ = σ(1 − σ)”) and 4 (“The derivative from the output”)"


class SigmoidPrime(ArrayFunction):
    name = "sigmoid_prime"
    title = "σ′(z), elementwise"
    lesson = "03_output_delta"
    arg_names = ("z",)

    def solution(self, z):
        return sigmoid_prime(z)

    def cases(self, rng, public):
        if public:
            return [
                Case("z = 0 (a single number)", {"z": np.array(0.0)}),
                Case("a vector z of shape (5,)", {"z": np.linspace(-4.0, 4.0, 5)}),
                Case("a matrix z of shape (3, 4)", {"z": _z(rng, (3, 4))}),
                Case("large |z| (±30, ±1000), shape (2, 3)", {"z": np.array([[-30.0, 0.5, 30.0], [-1000.0, 2.0, 1000.0]])}),
            ]
        n, m = (int(v) for v in rng.integers(2, 7, size=2))
        return [
            Case("a single number", {"z": np.array(rng.uniform(-3, 3))}),
            Case(f"a vector of shape ({n},)", {"z": _z(rng, (n,))}),
            Case(f"a matrix of shape ({n}, {m})", {"z": _z(rng, (n, m), 3.0)}),
            Case(f"a matrix of shape ({m}, {n}) with large |z|", {"z": _z(rng, (m, n), 40.0)}),
        ]

    variants = (
        Variant("σ(z) instead of σ′(z)", lambda z: sigmoid(z),
                "your function returns σ(z) itself, not its derivative.", SEC_SIGMA),
        Variant("z(1 − z): the output formula applied to z", lambda z: z * (1 - z),
                "a(1 − a) is σ′ written with the output a = σ(z); your function receives z, so compute a = σ(z) first.",
                SEC_SIGMA),
        Variant("σ(z)(1 + σ(z)): a sign slip", lambda z: sigmoid(z) * (1 + sigmoid(z)),
                "the derivative is σ(z) times (1 − σ(z)), with a minus sign.", SEC_SIGMA),
        Variant("1 − σ(z): a factor is missing", lambda z: 1 - sigmoid(z),
                "σ′(z) is the product of two factors, σ(z) and 1 − σ(z); your result has only the second.", SEC_SIGMA),
    )


# ---- lesson 03: BP1 -----------------------------------------------------------
SEC_BP1 = "lesson 03, section 2 (“BP1 for any activation”)"


def _layer_batch(rng, n, m, scale=1.5):
    z = _z(rng, (n, m), scale)
    return z, sigmoid(z)


class OutputDelta(ArrayFunction):
    name = "output_delta"
    title = "BP1 for the quadratic cost: δ^L = (a − y) ⊙ σ′(z)"
    lesson = "03_output_delta"
    arg_names = ("a", "y", "z")

    def solution(self, a, y, z):
        from ..costs import QuadraticCost
        return QuadraticCost.delta(z, a, y, Sigmoid)

    def cases(self, rng, public):
        if public:
            shapes = [(2, 1), (3, 5), (1, 4)]
        else:
            shapes = [tuple(int(v) for v in rng.integers(1, 6, size=2)) for _ in range(2)] + [(4, 3)]
        out = []
        for n, m in shapes:
            z, a = _layer_batch(rng, n, m)
            y = rng.uniform(0, 1, (n, m)).round(0 if public else 2)
            what = "one example" if m == 1 else f"a batch of {m} examples"
            out.append(Case(f"{what}, n_L = {n}: a, y, z of shape ({n}, {m})", {"a": a, "y": y, "z": z}))
        return out

    variants = (
        Variant("σ′(a) instead of σ′(z)", lambda a, y, z: (a - y) * sigmoid_prime(a),
                "BP1 evaluates σ′ at the weighted input z^L, not at the output a^L = σ(z^L).", SEC_BP1),
        Variant("σ′ is missing", lambda a, y, z: a - y,
                "(a − y) alone is δ^L for the cross-entropy cost; the quadratic cost keeps the factor σ′(z^L).", SEC_BP1),
        Variant("y − a: the sign is flipped", lambda a, y, z: (y - a) * sigmoid_prime(z),
                "∂C/∂a for C = ½‖a − y‖² is a − y, not y − a.", SEC_BP1),
        Variant("σ(z) instead of σ′(z)", lambda a, y, z: (a - y) * sigmoid(z),
                "the factor is the derivative σ′(z^L), not the activation σ(z^L).", SEC_BP1),
    )


# ---- lesson 04: BP2 -----------------------------------------------------------
SEC_BP2 = "lesson 04, “The matrix form” and “This formula is written wrong in many places”"


class HiddenDelta(ArrayFunction):
    name = "hidden_delta"
    title = "BP2 with sigmoid: δ^l = (W_nextᵀ δ_next) ⊙ σ′(z)"
    lesson = "04_recursive_delta"
    arg_names = ("W_next", "delta_next", "z")

    def solution(self, W_next, delta_next, z):
        return Sigmoid.backward(z, sigmoid(z), W_next.T @ delta_next)

    def cases(self, rng, public):
        if public:
            dims = [(2, 3, 1), (2, 3, 4), (3, 3, 2)]        # (n_{l+1}, n_l, m); the last is square
        else:
            a, b = (int(v) for v in rng.choice(np.arange(2, 7), size=2, replace=False))
            dims = [(a, b, int(rng.integers(2, 6))), (b, a, 1), (a, a, int(rng.integers(2, 6)))]
        out = []
        for n_next, n, m in dims:
            W = rng.standard_normal((n_next, n))
            d = 0.3 * rng.standard_normal((n_next, m))
            z = _z(rng, (n, m), 1.5)
            label = f"W_next {W.shape}, delta_next {d.shape}, z {z.shape}"
            out.append(Case(label, {"W_next": W, "delta_next": d, "z": z}))
        return out

    variants = (
        Variant("W instead of Wᵀ", lambda W, d, z: (W @ d) * sigmoid_prime(z),
                "your δ uses W_next where BP2 needs its transpose W_nextᵀ: the error flows backwards, "
                "from the n_{l+1} units to the n_l units, so the matrix must be (n_l, n_{l+1}).",
                "lesson 04, “W instead of Wᵀ”"),
        Variant("σ′(a) instead of σ′(z)", lambda W, d, z: (W.T @ d) * sigmoid_prime(sigmoid(z)),
                "you applied σ′ to the activation a = σ(z); BP2 needs σ′ at the weighted input z itself.",
                "lesson 04, “σ′(a^l) instead of σ′(z^l)”"),
        Variant("σ′ is missing", lambda W, d, z: W.T @ d,
                "W_nextᵀ δ_next is ∂C/∂a^l; to get δ^l = ∂C/∂z^l multiply elementwise by σ′(z^l).",
                "lesson 04, “σ′ missing”"),
        Variant("z(1 − z) instead of σ′(z)", lambda W, d, z: (W.T @ d) * z * (1 - z),
                "a(1 − a) is σ′ in terms of the output a = σ(z); you applied it to z.", SEC_BP2),
    )


# ---- lesson 05: BP3 and BP4 ---------------------------------------------------------
SEC_BP4 = "lesson 05, “A batch: Ng's Δ and D = Δ/m” and “Shapes”"
SEC_BP3 = "lesson 05, “A batch: Ng's Δ and D = Δ/m” and “Shapes” (∂J/∂b^l is a column (n_l, 1))"


class WeightGradient(ArrayFunction):
    name = "weight_gradient"
    title = "BP4 averaged over the batch: δ a_prevᵀ / m"
    lesson = "05_weight_gradients"
    arg_names = ("delta", "a_prev")

    def solution(self, delta, a_prev):
        return delta @ a_prev.T / delta.shape[1]

    def cases(self, rng, public):
        if public:
            dims = [(3, 2, 5), (2, 4, 1), (3, 3, 4)]       # (n_l, n_{l-1}, m)
        else:
            a, b = (int(v) for v in rng.choice(np.arange(2, 7), size=2, replace=False))
            dims = [(a, b, int(rng.integers(3, 8))), (b, b, int(rng.integers(3, 8))), (a, b + 1, 1)]
        out = []
        for n, n_prev, m in dims:
            delta = 0.5 * rng.standard_normal((n, m))
            a_prev = rng.uniform(0, 1, (n_prev, m))
            out.append(Case(f"delta {delta.shape}, a_prev {a_prev.shape}", {"delta": delta, "a_prev": a_prev}))
        return out

    variants = (
        Variant("a_prev δᵀ: the transpose of the gradient", lambda d, a: a @ d.T / d.shape[1],
                "∂J/∂W^l must have the shape of W^l, (n_l, n_{l-1}); a_prev δᵀ has the transposed shape.", SEC_BP4),
        Variant("no /m: the sum over the batch, not the mean", lambda d, a: d @ a.T,
                "δ a_prevᵀ sums the per-example gradients; the mean cost J needs the sum divided by m.", SEC_BP4),
        Variant("δᵀ a_prev", lambda d, a: d.T @ a,
                "δᵀ a_prev multiplies over the units and gives an (m, m) matrix; BP4 is δ a_prevᵀ, "
                "which multiplies over the examples.", SEC_BP4),
        Variant("divided by len(delta) instead of m", lambda d, a: d @ a.T / len(d),
                "len(delta) counts rows, the n_l units; the number of examples m is delta.shape[1].", SEC_BP4),
    )


class BiasGradient(ArrayFunction):
    name = "bias_gradient"
    title = "BP3 averaged over the batch, shape (n, 1)"
    lesson = "05_weight_gradients"
    arg_names = ("delta",)

    def solution(self, delta):
        return delta.mean(axis=1, keepdims=True)

    def cases(self, rng, public):
        dims = [(3, 5), (2, 1), (4, 2)] if public else [(int(rng.integers(2, 6)), int(rng.integers(6, 9))), (3, 1),
                                                        (int(rng.integers(6, 9)), 2)]
        return [Case(f"delta of shape ({n}, {m})", {"delta": 0.5 * rng.standard_normal((n, m))}) for n, m in dims]

    variants = (
        Variant("the sum instead of the mean", lambda d: d.sum(axis=1, keepdims=True),
                "summing over the m examples gives m times the gradient of the mean cost; divide by m (or use the mean).",
                SEC_BP3),
        Variant("the wrong axis: a mean over the units", lambda d: d.mean(axis=0, keepdims=True),
                "axis=0 averages down each column (over the units); examples are columns, so average along axis=1.",
                SEC_BP3),
        Variant("shape (n,) instead of (n, 1)", lambda d: d.mean(axis=1),
                "b^l is a column of shape (n_l, 1), so its gradient must be too: keepdims=True keeps the column.",
                SEC_BP3),
        Variant("divided by len(delta) instead of m", lambda d: d.sum(axis=1, keepdims=True) / len(d),
                "len(delta) counts rows, the n_l units; the number of examples m is delta.shape[1].", SEC_BP3),
    )


# ---- lesson 05: the whole backward pass ---------------------------------------------------
SEC_BACKPROP = "lesson 05, “Numbers: the formulas against nnlib.Network.backprop”"


def _backprop_variant(transpose=True, prime_at="z", bp1_prime=True, mean=True, b_column=True, swap=False):
    def backprop(net, X, Y):
        m = X.shape[1]
        zs, activations = net.forward(X)
        L = len(net.weights)

        def sp_(l):                               # σ′ for layer l (1-based)
            z = zs[l - 1]
            return sigmoid_prime(z) if prime_at == "z" else sigmoid_prime(sigmoid(z))

        deltas = [None] * L
        deltas[L - 1] = (activations[L] - Y) * (sp_(L) if bp1_prime else 1.0)
        for l in range(L - 1, 0, -1):
            W = net.weights[l]
            deltas[l - 1] = ((W.T if transpose else W) @ deltas[l]) * sp_(l)
        scale = m if mean else 1
        nabla_w = [deltas[l - 1] @ activations[l - 1].T / scale for l in range(1, L + 1)]
        nabla_b = [deltas[l - 1].sum(axis=1, keepdims=b_column) / scale for l in range(1, L + 1)]
        return (nabla_w, nabla_b) if swap else (nabla_b, nabla_w)
    return backprop


def _network(args):
    from ..network import Network
    sizes = [int(n) for n in args["sizes"]]
    net = Network(sizes, seed=0)
    L = len(sizes) - 1
    net.weights = [np.array(args[f"W{l}"], dtype=float) for l in range(1, L + 1)]
    net.biases = [np.array(args[f"b{l}"], dtype=float) for l in range(1, L + 1)]
    return net


def _network_case(rng, sizes, m, extra=None):
    args = {"sizes": np.array(sizes)}
    for l in range(1, len(sizes)):
        args[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])) / np.sqrt(sizes[l - 1])
        args[f"b{l}"] = rng.standard_normal((sizes[l], 1))
    args["X"] = rng.uniform(0, 1, (sizes[0], m))
    args["Y"] = rng.uniform(0, 1, (sizes[-1], m)).round(0)
    args.update(extra or {})
    return Case(f"a {sizes} network, a batch of {m} example{'s' if m != 1 else ''}", args)


class Backprop(Question):
    name = "backprop"
    title = "the gradient (nabla_b, nabla_w) of the mean quadratic cost"
    lesson = "05_weight_gradients"
    parts = ("nabla_b", "nabla_w")

    def call(self, impl, case):
        return impl(_network(case.args), np.array(case.args["X"]), np.array(case.args["Y"]))

    def solution(self, net, X, Y):
        return net.backprop(X, Y)

    def cases(self, rng, public):
        if public:
            plans = [([2, 3, 1], 1), ([3, 4, 2], 5), ([3, 3, 3, 3], 4)]
        else:
            a, b, c = (int(v) for v in rng.integers(2, 6, size=3))
            plans = [([a, b + 1, c], int(rng.integers(2, 7))), ([b, a + 1, a + 2, c], 1), ([c, c, c], int(rng.integers(2, 7)))]
        return [_network_case(rng, sizes, m) for sizes, m in plans]

    def compare(self, case, expected, got, reveal):
        ok, msg = _named(self.parts, expected, got, reveal)
        return (1.0 if ok else 0.0), msg

    variants = (
        Variant("W instead of Wᵀ in BP2", _backprop_variant(transpose=False),
                "when you push δ back a layer, use (W^{l+1})ᵀ δ^{l+1}; W^{l+1} δ^{l+1} only runs when the layers have "
                "the same width, and even then it is wrong.", "lesson 04, “W instead of Wᵀ”"),
        Variant("σ′(a) instead of σ′(z)", _backprop_variant(prime_at="a"),
                "σ′ must be evaluated at the weighted inputs z^l (zs), not at the activations a^l.", SEC_BACKPROP),
        Variant("no /m: the summed gradient, not the mean", _backprop_variant(mean=False),
                "the contract is the gradient of the mean cost J = (1/m) Σ C_x: divide the batch sums by m.", SEC_BP4),
        Variant("σ′ missing in BP1", _backprop_variant(bp1_prime=False),
                "δ^L = (a^L − y) alone is the cross-entropy's; with the quadratic cost BP1 keeps the factor σ′(z^L).",
                SEC_BP1),
        Variant("nabla_b with shape (n,) instead of (n, 1)", _backprop_variant(b_column=False),
                "each nabla_b[l] must have the shape of b^l, a column (n_l, 1): use keepdims=True.", SEC_BP3),
        Variant("(nabla_w, nabla_b): the results in the wrong order", _backprop_variant(swap=True),
                "return nabla_b first, then nabla_w, like nnlib.Network.backprop.", SEC_BACKPROP),
    )


# ---- lesson 06: central differences -------------------------------------------------
SEC_NUM = "lesson 06, “Two ways to a derivative” and “How wrong is a difference quotient? Taylor's theorem”"


def _test_function(c, Q):
    def f(x):
        v = np.asarray(x, dtype=float).reshape(-1)
        return float(np.sum(c.reshape(-1) * np.sin(v)) + 0.5 * v @ Q @ v)
    return f


def _num_variant(kind):
    def numerical_gradient(f, x, h=1e-5):
        grad = np.zeros_like(x)
        flat, g = x.reshape(-1), grad.reshape(-1)
        for i in range(flat.size):
            old = flat[i]
            if kind == "forward":
                base = f(x)
                flat[i] = old + h
                g[i] = (f(x) - base) / h
                flat[i] = old
            elif kind == "norestore":
                flat[i] = old + h
                fp = f(x)
                flat[i] = old - h
                fm = f(x)
                g[i] = (fp - fm) / (2 * h)
            else:
                flat[i] = old + h
                fp = f(x)
                flat[i] = old - h
                fm = f(x)
                flat[i] = old
                g[i] = (fp - fm) / h if kind == "no2" else (fp - fm) / 2 * h
        return grad
    return numerical_gradient


class NumericalGradient(Question):
    name = "numerical_gradient"
    title = "central differences of a scalar f at an array x"
    lesson = "06_gradient_checking"
    parts = ("the gradient", "x")

    def call(self, impl, case):
        a = case.args
        x = np.array(a["x"], dtype=float, copy=True)
        f = _test_function(np.array(a["c"]), np.array(a["Q"]))
        grad = impl(f, x) if "h" not in a else impl(f, x, float(a["h"]))
        return [grad, x]

    def solution(self, f, x, h=1e-5):
        from ..gradcheck import numerical_gradient
        return numerical_gradient(f, x, h)

    def cases(self, rng, public):
        shapes = [((3,), None), ((2, 3), None), ((4,), 1e-4)] if public else \
            [((int(rng.integers(3, 7)),), None), ((int(rng.integers(2, 4)), int(rng.integers(2, 4))), None), ((5,), 1e-4)]
        out = []
        for shape, h in shapes:
            n = int(np.prod(shape))
            B = rng.standard_normal((n, n))
            args = {"x": rng.uniform(-1, 1, shape), "c": rng.standard_normal(shape), "Q": B + B.T}
            label = f"x of shape {shape}" + (f", h = {h:g}" if h else ", default h")
            if h:
                args["h"] = np.array(h)
            out.append(Case(label, args))
        return out

    def compare(self, case, expected, got, reveal):
        if isinstance(got, list) and len(got) == 2:
            ok, msg = compare_plain(expected[1], got[1], reveal, 0.0, 0.0, "x")
            if not ok:
                return 0.0, f"x is not the same after your function returned: restore each entry after perturbing it ({msg})"
        ok, msg = _named(self.parts, expected, got, reveal, rtol=1e-7, atol=1e-8)
        return (1.0 if ok else 0.0), msg

    def matches(self, case, variant_result, got):
        return same_plain(variant_result, got, rtol=1e-7, atol=1e-8)

    variants = (
        Variant("a forward difference", _num_variant("forward"),
                "(f(x + h) − f(x)) / h has an error proportional to h; the central difference "
                "(f(x + h) − f(x − h)) / 2h is accurate to h².", SEC_NUM),
        Variant("divided by h instead of 2h", _num_variant("no2"),
                "the two evaluations are 2h apart, so the central difference divides by 2h.", SEC_NUM),
        Variant("/ 2 * h instead of / (2 * h)", _num_variant("paren"),
                "Python reads a / 2 * h as (a / 2) · h; write a / (2 * h).", SEC_NUM),
        Variant("x is not restored", _num_variant("norestore"),
                "after evaluating f at x ± h e_i, put the entry back to its old value; otherwise every later "
                "entry is differentiated at a shifted point and the caller's x is changed.", SEC_NUM),
    )


# ---- lesson 07: one step of mini-batch gradient descent ---------------------------------
SEC_SGD = "lesson 07, section 2 (“Nielsen's update_mini_batch”)"


def _umb_variant(kind):
    def update_mini_batch(net, X, Y, eta):
        nabla_b, nabla_w = net.backprop(X, Y)
        m = X.shape[1]
        if kind == "nielsen":
            net.weights = [W - eta * nw for W, nw in zip(net.weights, nabla_w)]
            net.biases = [b - eta * nb for b, nb in zip(net.biases, nabla_b)]
            return None
        if kind == "inplace":
            for W, nw in zip(net.weights, nabla_w):
                W -= eta * nw
            for b, nb in zip(net.biases, nabla_b):
                b -= eta * nb
            return net.weights, net.biases
        sign = 1.0 if kind == "ascent" else -1.0
        step = eta / m if kind == "twice" else eta
        weights = [W + sign * step * nw for W, nw in zip(net.weights, nabla_w)]
        biases = [b.copy() for b in net.biases] if kind == "nobias" else \
            [b + sign * step * nb for b, nb in zip(net.biases, nabla_b)]
        return (biases, weights) if kind == "swap" else (weights, biases)
    return update_mini_batch


class UpdateMiniBatch(Question):
    name = "update_mini_batch"
    title = "one gradient-descent step on a mini-batch, returning new (weights, biases)"
    lesson = "07_minibatch_sgd"
    parts = ("the returned (weights, biases)", "net.weights", "net.biases")

    def call(self, impl, case):
        net = _network(case.args)
        out = impl(net, np.array(case.args["X"]), np.array(case.args["Y"]), float(case.args["eta"]))
        return [out, list(net.weights), list(net.biases)]

    def solution(self, net, X, Y, eta):
        step = net.copy()
        step.update_mini_batch(X, Y, eta)
        return step.weights, step.biases

    def cases(self, rng, public):
        if public:
            plans = [([2, 3, 1], 4, 0.5), ([3, 4, 2], 6, 3.0), ([2, 2, 2, 2], 1, 1.0)]
        else:
            a, b = (int(v) for v in rng.integers(2, 6, size=2))
            plans = [([a, b, 2], int(rng.integers(3, 9)), float(rng.uniform(0.5, 3))),
                     ([b, a + 1, a, 1], int(rng.integers(2, 5)), float(rng.uniform(0.5, 3))),
                     ([a, a, b], 1, 1.5)]
        return [_network_case(rng, s, m, {"eta": np.array(eta)}) for s, m, eta in plans]

    def compare(self, case, expected, got, reveal):
        if isinstance(got, list) and len(got) == 3:
            for name, e, g in zip(self.parts[1:], expected[1:], got[1:]):
                ok, msg = compare_plain(e, g, reveal, where=name)
                if not ok:
                    return 0.0, f"your function changed net in place; return new lists and leave net as it was ({msg})"
            ok, msg = _named(("the returned weights", "the returned biases"), expected[0], got[0], reveal)
            if not ok and not (isinstance(got[0], list) and len(got[0]) == 2):
                msg = f"expected a pair (weights, biases), got {describe(got[0])}"
            return (1.0 if ok else 0.0), msg
        ok, msg = _named(self.parts, expected, got, reveal)
        return (1.0 if ok else 0.0), msg

    variants = (
        Variant("gradient ascent: + instead of −", _umb_variant("ascent"),
                "the step goes against the gradient: W ← W − η ∂J/∂W.", SEC_SGD),
        Variant("divided by m twice", _umb_variant("twice"),
                "net.backprop (and your backprop) already returns the gradient of the mean cost, Δ/m; "
                "dividing the step by m again makes it m times too small.",
                "lesson 07, section 1 (“The gradient over a batch is a mean”) and “Why the mean and not the sum”"),
        Variant("the biases are not updated", _umb_variant("nobias"),
                "b^l takes a step too: b ← b − η ∂J/∂b.", SEC_SGD),
        Variant("net changed in place", _umb_variant("inplace"),
                "W -= … writes into the arrays that net holds; compute new arrays (W - eta * nabla) instead.", SEC_SGD),
        Variant("Nielsen's in-place update, returning nothing", _umb_variant("nielsen"),
                "Nielsen's update_mini_batch assigns self.weights and returns None; this contract asks for the "
                "new (weights, biases) to be returned, with net left unchanged.", SEC_SGD),
        Variant("(biases, weights) in the wrong order", _umb_variant("swap"),
                "return the new weights first, then the new biases.", SEC_SGD),
    )


# ---- lesson 02: computation-graph nodes ---------------------------------------------
SEC_GRAPH = "lesson 02, sections 2 (“The backward rules of two nodes”) and 4 (“Seed 003's apple”)"


def _make_mul(kind):
    class MulLayer:
        def __init__(self):
            self.x = self.y = None

        def forward(self, x, y):
            self.x, self.y = x, y
            return x * y

        def backward(self, dout):
            if kind == "own":
                return dout * self.x, dout * self.y
            if kind == "nodout":
                return self.y * 1.0, self.x * 1.0
            return dout * 1.0, dout * 1.0
    return MulLayer


def _make_add(kind):
    class AddLayer:
        def forward(self, x, y):
            self.x, self.y = x, y
            return x + y

        def backward(self, dout):
            if kind == "ones":
                return np.ones_like(np.asarray(dout, dtype=float)), np.ones_like(np.asarray(dout, dtype=float))
            if kind == "mul":
                return dout * self.y, dout * self.x
            return dout / 2, dout / 2
    return AddLayer


class GraphNode(Question):
    kind = "class"
    lesson = "02_computation_graphs"

    def call(self, cls, case):
        a = {k: np.array(v) for k, v in case.args.items()}
        if case.mode == "single":
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

    def solution(self):
        raise NotImplementedError

    def reference(self, case):
        from .serialize import to_plain
        return to_plain(self.call(self.reference_class, case))

    def cases(self, rng, public):
        def num():
            return np.array(float(rng.integers(1, 20)) if public else round(float(rng.uniform(-5, 5)), 3))
        single = Case("numbers: forward(x, y), then backward(dout)", {"x": num(), "y": num(), "dout": num()}, "single")
        arrays = Case("arrays of shape (2, 3)", {"x": rng.standard_normal((2, 3)), "y": rng.standard_normal((2, 3)),
                                                 "dout": rng.standard_normal((2, 3))}, "single")
        chain = Case(f"two {self.name}s in a chain ({self.chain_label}), backward from dout",
                     {"x": num(), "y": num(), "w": num(), "dout": np.array(1.0) if public else num()}, "chain")
        return [single, arrays, chain]

    def compare(self, case, expected, got, reveal):
        parts = ("forward", "dx", "dy") if case.mode == "single" else ("forward", "dx", "dy", "dw")
        ok, msg = _named(parts, expected, got, reveal)
        return (1.0 if ok else 0.0), msg


class MulLayerQuestion(GraphNode):
    name = "MulLayer"
    title = "the multiply node: forward x·y, backward (dout·y, dout·x)"
    chain_label = "(x·y)·w, like apples × count × tax"

    @property
    def reference_class(self):
        from ..graph import MulLayer
        return MulLayer

    variants = (
        Variant("each input gets its own value", _make_mul("own"),
                "the derivative of x·y with respect to x is y: each input receives dout times the *other* input.",
                SEC_GRAPH),
        Variant("dout is ignored", _make_mul("nodout"),
                "backward must multiply the local derivative by the upstream derivative dout (the chain rule).",
                SEC_GRAPH),
        Variant("backward of an add node", _make_mul("add"),
                "passing dout straight through is the add node's rule; the multiply node scales it by the other input.",
                SEC_GRAPH),
    )


class AddLayerQuestion(GraphNode):
    name = "AddLayer"
    title = "the add node: forward x + y, backward (dout, dout)"
    chain_label = "(x + y) + w"

    @property
    def reference_class(self):
        from ..graph import AddLayer
        return AddLayer

    variants = (
        Variant("returns 1 instead of dout", _make_add("ones"),
                "the local derivative of x + y is 1, but backward returns it times the upstream dout.", SEC_GRAPH),
        Variant("the multiply node's rule", _make_add("mul"),
                "an add node passes dout unchanged to both inputs; scaling by the other input is the multiply node.",
                SEC_GRAPH),
        Variant("dout split in half", _make_add("half"),
                "the derivative of x + y is 1 for each input: both receive the whole dout, not half of it.", SEC_GRAPH),
    )


# ---- symbolic answers ------------------------------------------------------------------
class Symbolic(Question):
    """A function that takes SymPy symbols and returns a SymPy expression; graded by equivalence."""

    kind = "symbolic"
    symbols = ()
    ranges = {}

    def call(self, impl, case):
        import sympy as sp
        return impl(*[sp.Symbol(n) for n in self.symbols])

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


def _sym_sigmoid(z):
    import sympy as sp
    return 1 / (1 + sp.exp(-z))


class SigmoidPrimeSymbolic(Symbolic):
    name = "sigmoid_prime_symbolic"
    title = "σ′(z) as a SymPy expression in z"
    lesson = "03_output_delta"
    symbols = ("z",)
    ranges = {"z": (-4.0, 4.0)}

    def expected(self, z):
        import sympy as sp
        return sp.exp(-z) / (1 + sp.exp(-z)) ** 2

    solution = expected

    @staticmethod
    def _v_sigma(z):
        return _sym_sigmoid(z)

    @staticmethod
    def _v_no_square(z):
        import sympy as sp
        return sp.exp(-z) / (1 + sp.exp(-z))

    @staticmethod
    def _v_sign(z):
        import sympy as sp
        return -sp.exp(-z) / (1 + sp.exp(-z)) ** 2

    @staticmethod
    def _v_output(z):
        return z * (1 - z)

    variants = (
        Variant("σ(z) instead of σ′(z)", _v_sigma.__func__, "your expression is σ(z) itself: differentiate it.", SEC_SIGMA),
        Variant("the inner minus sign is lost", _v_sign.__func__,
                "the chain rule through e^{−z} brings a factor −1, and the outer 1/u² brings another: "
                "the two cancel, so σ′ is positive.", SEC_SIGMA),
        Variant("the square in the denominator is missing", _v_no_square.__func__,
                "d/dz (1/u) = −u′/u², with u = 1 + e^{−z}: the denominator is squared.", SEC_SIGMA),
        Variant("z(1 − z): the output formula applied to z", _v_output.__func__,
                "a(1 − a) holds for the output a = σ(z); in terms of z, substitute σ(z) for a.", SEC_SIGMA),
    )


SEC_CE = "lesson 03, section 5 (“Cross-entropy cancels σ′”)"


class CrossEntropyDeltaSymbolic(Symbolic):
    name = "cross_entropy_delta_symbolic"
    title = "δ^L = ∂C/∂z for the cross-entropy with a sigmoid output, in z and y"
    lesson = "03_output_delta"
    symbols = ("z", "y")
    ranges = {"z": (-4.0, 4.0), "y": (0.0, 1.0)}

    def expected(self, z, y):
        return _sym_sigmoid(z) - y

    solution = expected

    @staticmethod
    def _v_quadratic(z, y):
        import sympy as sp
        s = _sym_sigmoid(z)
        return (s - y) * sp.diff(s, z)

    @staticmethod
    def _v_sign(z, y):
        return y - _sym_sigmoid(z)

    @staticmethod
    def _v_da(z, y):
        s = _sym_sigmoid(z)
        return -y / s + (1 - y) / (1 - s)

    variants = (
        Variant("the quadratic cost's δ^L", _v_quadratic.__func__,
                "(a − y) σ′(z) is BP1 for the quadratic cost; with the cross-entropy, σ′ cancels.", SEC_CE),
        Variant("y − σ(z): the sign is flipped", _v_sign.__func__,
                "C = −[y ln a + (1 − y) ln(1 − a)] decreases as a approaches y, so ∂C/∂z = σ(z) − y.", SEC_CE),
        Variant("∂C/∂a instead of ∂C/∂z", _v_da.__func__,
                "you differentiated with respect to a = σ(z); the chain rule needs one more factor, da/dz = σ′(z).",
                SEC_CE),
    )


SEC_CHAIN = "lesson 02, section 1 (“The chain rule”)"


class ChainRuleSymbolic(Symbolic):
    name = "chain_rule_symbolic"
    title = "∂f/∂x for f = (x + y)² as a SymPy expression"
    lesson = "02_computation_graphs"
    symbols = ("x", "y")
    ranges = {"x": (-3.0, 3.0), "y": (-3.0, 3.0)}

    def expected(self, x, y):
        return 2 * (x + y)

    solution = expected

    @staticmethod
    def _v_f(x, y):
        return (x + y) ** 2

    @staticmethod
    def _v_2x(x, y):
        return 2 * x

    @staticmethod
    def _v_half(x, y):
        return x + y

    variants = (
        Variant("f itself, not its derivative", _v_f.__func__, "your expression is (x + y)² itself: differentiate it.",
                SEC_CHAIN),
        Variant("2x: the inner function is lost", _v_2x.__func__,
                "with t = x + y, ∂f/∂x = (df/dt)(∂t/∂x) = 2t · 1; the outer derivative is evaluated at t = x + y, not x.",
                SEC_CHAIN),
        Variant("x + y: the factor 2 is lost", _v_half.__func__, "d(t²)/dt = 2t.", SEC_CHAIN),
    )


# ---- lesson 09: a training target -------------------------------------------------------
SEC_DIGITS = "lesson 09, section 2 (“Nielsen's network on the 8×8 digits”)"


class TrainDigits(Question):
    name = "train_digits"
    title = "train a network on the 8×8 digits to a test accuracy"
    lesson = "09_digits"
    kind = "training"
    thresholds = (0.80, 0.90, 0.93)

    def call(self, impl, case):
        net = impl(np.array(case.args["X_train"]), np.array(case.args["labels_train"]))
        weights, biases = getattr(net, "weights", None), getattr(net, "biases", None)
        if not isinstance(weights, list | tuple) or not isinstance(biases, list | tuple):
            return Opaque(type(net).__name__, "not a network with lists .weights and .biases")
        names = [getattr(s, "name", "?") for s in getattr(net, "sigmas", [])] or ["sigmoid"] * len(weights)
        return {"weights": list(weights), "biases": list(biases), "activations": [str(n) for n in names]}

    def solution(self, X_train, labels_train):
        from ..data import one_hot
        from ..network import Network
        net = Network([64, 30, 10], seed=1)
        net.fit(X_train, one_hot(labels_train, 10), epochs=30, batch_size=10, eta=3.0, seed=2)
        return net

    def reference(self, case):
        return None

    def cases(self, rng, public):
        from ..data import load_digits
        seed = 0 if public else int(rng.integers(1, 2**31))
        X_train, l_train, X_test, l_test = load_digits(test_fraction=0.2, seed=seed)
        return [Case(f"train on {X_train.shape[1]} digits, test on {X_test.shape[1]} held-out digits",
                     {"X_train": X_train, "labels_train": l_train}, private={"X_test": X_test, "labels_test": l_test})]

    def accuracy(self, case, got):
        """Rebuild the student's network in this process and measure its held-out accuracy, or explain why not."""
        from ..network import Network
        if isinstance(got, Raised):
            return None, raised_message(got)
        if not isinstance(got, dict) or not {"weights", "biases", "activations"} <= set(got):
            return None, f"expected an nnlib.Network, got {describe(got)}"
        Ws, bs, acts = got["weights"], got["biases"], got["activations"]
        if not isinstance(Ws, list) or not Ws or not all(isinstance(W, np.ndarray) and W.ndim == 2 for W in Ws):
            return None, "the network's weights are not a list of matrices"
        sizes = [Ws[0].shape[1]] + [W.shape[0] for W in Ws]
        if sizes[0] != 64 or sizes[-1] != 10:
            return None, f"the network has sizes {sizes}: it needs 64 inputs (8×8 pixels) and 10 outputs (digits 0–9)"
        if any(W.shape[1] != n for W, n in zip(Ws, sizes[:-1])) or len(bs) != len(Ws) or \
                any(not isinstance(b, np.ndarray) or b.shape != (n, 1) for b, n in zip(bs, sizes[1:])):
            return None, "the network's weights and biases have inconsistent shapes"
        if not isinstance(acts, list) or len(acts) != len(Ws) or not all(isinstance(a, str) for a in acts):
            return None, "the network's activations are unreadable"
        try:
            net = Network(sizes, activations=acts)
        except (ValueError, TypeError) as err:
            return None, f"the network could not be rebuilt: {err}"
        net.weights = [W.astype(float) for W in Ws]
        net.biases = [b.astype(float) for b in bs]
        if not all(np.all(np.isfinite(W)) for W in net.weights + net.biases):
            return None, "the network's parameters contain NaN or inf"
        with np.errstate(all="ignore"):
            return net.evaluate(case.private["X_test"], case.private["labels_test"]), ""

    def compare(self, case, expected, got, reveal):
        acc, msg = self.accuracy(case, got)
        if acc is None:
            return 0.0, msg
        met = [t for t in self.thresholds if acc >= t]
        frac = len(met) / len(self.thresholds)
        n = case.private["labels_test"].size
        goals = ", ".join(f"{t:.0%}" for t in self.thresholds)
        text = f"test accuracy {acc:.1%} on {n} held-out digits; goals {goals}: {len(met)} of {len(self.thresholds)} met"
        return frac, ("" if frac == 1.0 else text)

    def variant_results(self, cases):
        return {}

    def diagnose(self, cases, got, variant_results):
        """Training has no single wrong formula to compare with: the diagnosis comes from the accuracy reached."""
        if len(cases) != 1 or len(got) != 1:
            return None
        acc, msg = self.accuracy(cases[0], got[0])
        if acc is None:
            return None
        for v in self.variants:
            if v.impl(acc):
                return v
        return None

    variants = (
        Variant("an untrained network", lambda acc: acc < 0.25,
                "the accuracy is near chance (10%): the network looks untrained, or trained on targets that do not "
                "match its outputs (use Y = nnlib.data.one_hot(labels, 10), examples as columns).", SEC_DIGITS),
        Variant("training stopped too early", lambda acc: 0.25 <= acc < 0.80,
                "the network learned something but not enough: train for more epochs, or raise η (3.0 works "
                "with the quadratic cost and batches of 10).", SEC_DIGITS),
        Variant("almost there", lambda acc: 0.80 <= acc < 0.93,
                "a few more epochs, a hidden layer of about 30 units, or a shuffled mini-batch order usually "
                "gets the [64, 30, 10] network past 93%.", SEC_DIGITS),
    )


QUESTIONS = {q.name: q for q in (
    SigmoidPrime(), OutputDelta(), HiddenDelta(), WeightGradient(), BiasGradient(), Backprop(),
    NumericalGradient(), UpdateMiniBatch(), MulLayerQuestion(), AddLayerQuestion(),
    SigmoidPrimeSymbolic(), CrossEntropyDeltaSymbolic(), ChainRuleSymbolic(), TrainDigits(),
)}


def get_question(name):
    """The question graded under a function (or class) name, or ``KeyError`` naming the known ones."""
    try:
        return QUESTIONS[name]
    except KeyError:
        raise KeyError(f"no graded question named {name!r}; known: {', '.join(sorted(QUESTIONS))}") from None
