"""Exercise 12: backward rules as vector-Jacobian products (matmul, broadcasting add) and a scalar reverse-mode engine."""

import numpy as np

from ..compare import Case, Question, Variant, _named
from ..spec import Assignment

SEC_VJP = "lesson 12, section “Every backward rule of the engine is a VJP that SymPy derives”"
SEC_JAC = "lesson 12, section “Jacobians and vector-Jacobian products”"
SEC_ENGINE = "lesson 12, section “`nnlib.autodiff`: a reverse-mode engine”"
SEC_SKIP = "lesson 12, section “What `Network` cannot do: a skip connection”"
SEC_DP = "lesson 12, section “Backprop as dynamic programming”"

AUTODIFF_WITHHELD = ["nnlib.autodiff:*", "nnlib.layers:*"]


class _Pair(Question):
    """A function of arrays (in ``arg_names`` order) that returns two gradients, named in ``parts``."""

    arg_names = ()
    parts = ()

    @property
    def call_options(self):
        return {"names": list(self.arg_names)}

    def compare(self, case, expected, got, reveal):
        ok, msg = _named(self.parts, expected, got, reveal)
        return (1.0 if ok else 0.0), msg


# ----------------------------------------------------------------- matmul
def _matmul_variant(kind):
    def matmul_backward(G, A, B):
        if kind == "no_transpose":
            return G @ B, A @ G
        if kind == "order":
            return B.T @ G, G @ A.T
        if kind == "swapped":
            return A.T @ G, G @ B.T
        return G @ B.T / G.shape[1], A.T @ G / G.shape[1]
    return matmul_backward


class MatmulBackward(_Pair):
    name = "matmul_backward"
    title = "the VJP of C = A B: (∂J/∂A, ∂J/∂B) from G = ∂J/∂C"
    lesson = "12_reverse_mode_autodiff"
    allowed = "numpy"
    arg_names = ("G", "A", "B")
    parts = ("dA", "dB")
    answer_forms = ("G Bᵀ", "GBᵀ", "G @ B.T", "G.dot(B.T)", "Aᵀ G", "AᵀG", "A.T @ G", "A.T.dot(G)")

    def solution(self, G, A, B):
        from ...autodiff import Tensor
        a, b = Tensor(A), Tensor(B)
        ((a @ b) * G).sum().backward()
        return a.grad, b.grad

    def cases(self, rng, public):
        if public:
            dims = [(2, 3, 4), (3, 3, 3), (4, 2, 1), (1, 3, 2)]        # (n, k, m): A (n, k), B (k, m)
        else:
            n, k, m = (int(v) for v in rng.choice(np.arange(2, 8), size=3, replace=False))
            s = int(rng.integers(2, 6))
            dims = [(n, k, m), (s, s, s), (m, n, 1), (1, k, n)]
        out = []
        for n, k, m in dims:
            A, B, G = rng.standard_normal((n, k)), rng.standard_normal((k, m)), rng.standard_normal((n, m))
            square = " (all square)" if n == k == m else ""
            out.append(Case(f"A {A.shape}, B {B.shape}, G {G.shape}{square}", {"G": G, "A": A, "B": B}))
        return out

    variants = (
        Variant("a transpose missing", _matmul_variant("no_transpose"),
                "each gradient must have the shape of what it differentiates, ∂J/∂A that of A and ∂J/∂B that of B. "
                "Yours only runs when the shapes happen to fit (square matrices), and even then it is wrong: write "
                "one entry C_ij as a sum, differentiate it by A_ik and by B_kj, and see which index of which "
                "factor is summed.", SEC_VJP),
        Variant("the factors in the wrong order", _matmul_variant("order"),
                "a matrix product does not commute: with G of shape (n, m), ∂J/∂A (n, k) must be G times something "
                "on the right and ∂J/∂B (k, m) something times G on the left. Check the shapes of your products "
                "on a non-square example.", SEC_VJP),
        Variant("dA and dB swapped", _matmul_variant("swapped"),
                "return the gradient with respect to A first, then the one with respect to B, in the order of the "
                "function's name (matmul_backward(G, A, B) → (dA, dB)).", SEC_VJP),
        Variant("divided by the number of columns m", _matmul_variant("mean"),
                "a VJP only carries G back through the product; any 1/m of a mean cost is already inside G (it "
                "came from the cost's own backward rule). Dividing again scales the gradient down twice.", SEC_JAC),
    )


# ----------------------------------------------------------------- broadcasting add
def _reduce(G, shape, how):
    if G.shape == shape:
        return G.copy()
    if len(shape) == 0:
        return np.mean(G) if how == "mean" else np.sum(G)
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and G.shape[i] != 1)
    if how == "mean":
        return np.mean(G, axis=axes, keepdims=True)
    return np.sum(G, axis=axes, keepdims=how != "flat")


def _wrong_axis(G, shape):
    """Summed over the axes the input really has (length > 1) instead of the stretched ones."""
    if G.shape == shape:
        return G.copy()
    if len(shape) == 0:
        return np.sum(G)
    return np.sum(G, axis=tuple(i for i, n in enumerate(shape) if n != 1), keepdims=True)


def _add_variant(kind):
    def add_backward(G, a, b):
        if kind == "no_sum":
            return G.copy(), G.copy()
        if kind == "wrong_axis":
            return _wrong_axis(G, a.shape), _wrong_axis(G, b.shape)
        return _reduce(G, a.shape, kind), _reduce(G, b.shape, kind)
    return add_backward


class AddBackward(_Pair):
    name = "add_backward"
    title = "the VJP of out = a + b with broadcasting: (∂J/∂a, ∂J/∂b) from G = ∂J/∂out"
    lesson = "12_reverse_mode_autodiff"
    allowed = "numpy"
    arg_names = ("G", "a", "b")
    parts = ("da", "db")
    answer_forms = ("sum(axis=1, keepdims=True)", "sum(axis=0, keepdims=True)", "Σ_columns", "summed over the columns",
                    "np.sum(G, axis", "G.sum(axis")

    def solution(self, G, a, b):
        from ...autodiff import Tensor
        ta, tb = Tensor(a), Tensor(b)
        ((ta + tb) * G).sum().backward()
        return ta.grad, tb.grad

    def cases(self, rng, public):
        if public:
            n, m = 3, 4
            plans = [((n, m), (n, 1), "z (3, 4) + a bias column b (3, 1)"),
                     ((n, m), (n, m), "two arrays of the same shape (3, 4)"),
                     ((1, m), (n, m), "a row a (1, 4) + b (3, 4)"),
                     ((2, 2), (), "a (2, 2) + a number b (shape ())"),
                     ((n, 1), (1, m), "a column (3, 1) + a row (1, 4): both broadcast")]
        else:
            n, m = (int(v) for v in rng.choice(np.arange(2, 8), size=2, replace=False))
            plans = [((n, m), (n, 1), f"a ({n}, {m}) + b ({n}, 1)"), ((m, n), (m, n), f"a, b ({m}, {n})"),
                     ((1, n), (m, n), f"a (1, {n}) + b ({m}, {n})"), ((n, m), (), f"a ({n}, {m}) + a number b"),
                     ((m, 1), (1, n), f"a ({m}, 1) + b (1, {n})")]
        out = []
        for sa, sb, label in plans:
            a, b = rng.standard_normal(sa), rng.standard_normal(sb)
            G = rng.standard_normal(np.broadcast_shapes(sa, sb))
            out.append(Case(label + (f", G {G.shape}" if public else ""), {"G": G, "a": a, "b": b}))
        return out

    variants = (
        Variant("not summed back over the broadcast axis", _add_variant("no_sum"),
                "an input that numpy stretched along an axis was used once for every entry along that axis, so its "
                "gradient gets one contribution from each use (lesson 12's “+=”, the chain rule's sum over paths). "
                "Each gradient must end up with the shape of its own input.", SEC_VJP),
        Variant("the broadcast axis reduced with a mean", _add_variant("mean"),
                "each use of a stretched entry contributes its slope of 1 times G: the contributions add up; "
                "averaging them makes the gradient too small by the number of uses.", SEC_VJP),
        Variant("the reduced axis dropped: shape (n,) instead of (n, 1)", _add_variant("flat"),
                "the gradient of a column b of shape (n, 1) must be a column too (keepdims=True keeps the axis of "
                "length 1); a 1-D result is broadcast the wrong way by the next update.", SEC_VJP),
        Variant("summed over the wrong axis", _add_variant("wrong_axis"),
                "a bias column b (n, 1) is stretched across the m columns of the batch, so its gradient collects "
                "the contributions of the examples, one per column; yours collects those of the units instead "
                "and comes out with the transposed kind of shape.", SEC_VJP),
    )


# ----------------------------------------------------------------- the scalar engine
def _scalar_variant(kind):
    class Scalar:
        def __init__(self, value, parents=()):
            self.value = float(value)
            self.grad = 0.0
            self.parents = parents
            self._backward = lambda: None

        def __add__(self, other):
            out = Scalar(self.value + other.value, (self, other))

            def backward():
                if kind == "assign":
                    self.grad = out.grad
                    other.grad = out.grad
                else:
                    self.grad += out.grad
                    other.grad += out.grad
            out._backward = backward
            return out

        def __mul__(self, other):
            out = Scalar(self.value * other.value, (self, other))

            def backward():
                if kind == "assign":
                    self.grad = out.grad * other.value
                    other.grad = out.grad * self.value
                elif kind == "own":
                    self.grad += out.grad * self.value
                    other.grad += out.grad * other.value
                else:
                    self.grad += out.grad * other.value
                    other.grad += out.grad * self.value
            out._backward = backward
            return out

        def _propagate(self):                       # depth first, a node once per path that reaches it
            self._backward()
            for p in self.parents:
                p._propagate()

        def backward(self):
            order, seen = [], set()

            def visit(node):
                if id(node) not in seen:
                    seen.add(id(node))
                    for p in node.parents:
                        visit(p)
                    order.append(node)
            visit(self)
            for node in order:
                node.grad = 0.0
            if kind != "no_seed":
                self.grad = 1.0
            if kind == "no_order":
                self._propagate()
                return
            for node in (order if kind == "forward_order" else reversed(order)):
                node._backward()
    return Scalar


# op codes of a program row [op, i, j]: 0 is +, 1 is ×
def _program_case(label, leaves, program):
    return Case(label, {"leaves": np.array(leaves, dtype=float), "program": np.array(program, dtype=int)})


def _random_program(rng, n_leaves, n_ops):
    """Every leaf used, the first product and a later value each used twice, and a leaf in the last operation."""
    program = [[1, 0, 1]]                                       # v = x0 · x1, reused below
    shared = n_leaves
    for k in range(2, n_leaves):
        program.append([int(rng.integers(0, 2)), n_leaves + len(program) - 1, k])
    while len(program) < n_ops - 2:
        last = n_leaves + len(program) - 1
        program.append([int(rng.integers(0, 2)), last, int(rng.integers(0, last + 1))])
    last = n_leaves + len(program) - 1
    program.append([0, last, shared])                           # the product's second use
    program.append([1, last + 1, last])                         # the value before it used twice more
    program.append([int(rng.integers(0, 2)), last + 2, int(rng.integers(0, n_leaves))])   # and a leaf at the top
    return program


class ScalarEngine(Question):
    name = "Scalar"
    kind = "class"
    title = "a scalar reverse-mode engine: Scalar(value) with +, ×, .grad and .backward()"
    lesson = "12_reverse_mode_autodiff"
    allowed = "plain Python (no numpy needed)"
    parts = ("the output's value", "the leaves' gradients")
    answer_forms = ("self.grad += out.grad", "other.grad += out.grad", "out.grad * other.value",
                    "reversed(order)", "self.grad = 1.0", "grad = 1.0")

    call_kind = "engine"

    def solution(self, *args):
        raise NotImplementedError

    def reference(self, case):
        from ...autodiff import Tensor
        from ..serialize import to_plain
        return to_plain(self.call(Tensor, case))

    def cases(self, rng, public):
        if public:
            return [
                _program_case("x · x at x = 3 (one leaf used twice)", [3.0], [[1, 0, 0]]),
                _program_case("(x + y) · x at x = 2, y = −1", [2.0, -1.0], [[0, 0, 1], [1, 2, 0]]),
                _program_case("c = a · b, then (c + a) · c at a = 1.5, b = −2 (c used twice)", [1.5, -2.0],
                              [[1, 0, 1], [0, 2, 0], [1, 3, 2]]),
                _program_case("a longer expression in four leaves, with shared intermediate values",
                              [0.5, -1.0, 1.2, 0.8], _random_program(rng, 4, 7)),
            ]
        out = []
        for _ in range(3):
            n = int(rng.integers(2, 5))
            n_ops = int(rng.integers(n + 3, n + 7))
            out.append(_program_case(f"an expression in {n} leaves with {n_ops} operations",
                                     np.round(rng.uniform(-1.5, 1.5, n), 3), _random_program(rng, n, n_ops)))
        return out

    def compare(self, case, expected, got, reveal):
        ok, msg = _named(self.parts, expected, got, reveal)
        return (1.0 if ok else 0.0), msg

    variants = (
        Variant("a gradient assigned with = instead of accumulated with +=", _scalar_variant("assign"),
                "a value used twice (x · x, or a shared intermediate) receives a contribution from each use, and "
                "its gradient is their sum, the chain rule's sum over paths. With “=” the last use to run "
                "overwrites the others.", SEC_ENGINE),
        Variant("no topological order: each path propagated on its own", _scalar_variant("no_order"),
                "your backward() passes a node's gradient on every time a path reaches it, so a shared node passes "
                "on partial sums and then passes them on again. A node may pass its gradient on only once, after "
                "every node that uses it has added its share: visit the nodes in reverse topological order.",
                SEC_DP),
        Variant("the product rule with the wrong factor", _scalar_variant("own"),
                "the slope of a · b with respect to a is the other factor, b, not a itself.", SEC_ENGINE),
        Variant("the output's own gradient ∂out/∂out never set to 1", _scalar_variant("no_seed"),
                "the backward pass starts from the output's gradient with respect to itself, which is 1; with 0 "
                "there, every product of local slopes is 0.", SEC_ENGINE),
        Variant("the nodes visited from the leaves up", _scalar_variant("forward_order"),
                "a node's rule passes its gradient to its inputs, so it may run only when its own gradient is "
                "complete: from the output down to the leaves, the reverse of the order in which the values were "
                "computed.", SEC_ENGINE),
    )


ASSIGNMENT = Assignment("12_reverse_mode_autodiff", [("matmul_backward", 2), ("add_backward", 2), ("Scalar", 4)],
                        withheld=AUTODIFF_WITHHELD)
QUESTIONS = (MatmulBackward(), AddBackward(), ScalarEngine())
