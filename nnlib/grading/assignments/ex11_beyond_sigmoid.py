"""Exercise 11: softmax, its δ^L with the cross-entropy (symbolic), the ReLU backward pass, and the L2 gradient."""

import numpy as np

from ..compare import ATOL, RTOL, ArgsFunction, ArrayFunction, Case, Symbolic, Variant, _z, same_plain
from ..spec import Assignment

SEC_ACT = "lesson 11, section 1 (“Two more activations: tanh and ReLU”)"
SEC_SOFTMAX = "lesson 11, section 3 (“Softmax with the cross-entropy”)"
SEC_L2 = "lesson 11, section 4 (“L2 regularization”)"


def _same_with_nan(a, b):
    """Like same_plain, but two arrays with NaN in the same places count as equal (an overflowing variant)."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape:
        x, y = a.astype(float), b.astype(float)
        return bool(np.array_equal(np.isnan(x), np.isnan(y)) and np.allclose(x, y, rtol=RTOL, atol=ATOL, equal_nan=True))
    return same_plain(a, b)


def _softmax_variant(kind):
    def softmax(z):
        if kind == "noshift":
            e = np.exp(z)
        elif kind == "globalshift":
            e = np.exp(z - z.max())
        else:
            e = np.exp(z - z.max(axis=0, keepdims=True))
        if kind == "rows":
            e = np.exp(z - z.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        if kind == "whole":
            return e / e.sum()
        return e / e.sum(axis=0, keepdims=True)
    return softmax


class Softmax(ArrayFunction):
    name = "softmax"
    title = "the softmax of each column of z"
    lesson = "11_beyond_sigmoid"
    allowed = "numpy"
    arg_names = ("z",)

    def solution(self, z):
        from ...activations import Softmax as Reference
        return Reference.fn(z)

    def cases(self, rng, public):
        if public:
            return [
                Case("one column z of shape (3, 1)", {"z": np.array([[1.0], [2.0], [0.5]])}),
                Case("a batch z of shape (4, 5)", {"z": _z(rng, (4, 5))}),
                Case("large entries (±1000), shape (3, 2)",
                     {"z": np.array([[1000.0, -1000.0], [999.0, -1001.0], [998.5, -1003.0]])}),
                Case("a single unit, shape (1, 3)", {"z": _z(rng, (1, 3))}),
            ]
        n, m = (int(v) for v in rng.integers(2, 7, size=2))
        big = _z(rng, (n, 2), 3.0) + np.array([[1000.0, -1000.0]])       # e^z overflows in column 1, underflows in 2
        return [
            Case(f"a batch of shape ({n}, {m + 1})", {"z": _z(rng, (n, m + 1))}),
            Case(f"a column of shape ({m + 1}, 1)", {"z": _z(rng, (m + 1, 1))}),
            Case(f"large entries, shape ({n}, 2)", {"z": big}),
            Case(f"a square batch of shape ({n}, {n})", {"z": _z(rng, (n, n))}),
        ]

    def matches(self, case, variant_result, got):
        return _same_with_nan(variant_result, got)

    variants = (
        Variant("no max-shift: e^z overflows", _softmax_variant("noshift"),
                "for z above about 709, e^z is inf in float64 (and for z below about −745 it is 0), so large "
                "entries give inf/inf or 0/0 = NaN. Softmax does not change when one number is subtracted from "
                "every entry of a column: choose that number so that no exponent is positive.", SEC_SOFTMAX),
        Variant("normalized along the rows", _softmax_variant("rows"),
                "each column is one example and its entries are the classes; the probabilities of one example "
                "must sum to 1, so the sum runs down a column, not along a row.", SEC_SOFTMAX),
        Variant("normalized over the whole batch", _softmax_variant("whole"),
                "dividing by the sum of every entry makes the whole batch sum to 1; each example (column) must "
                "sum to 1 on its own.", SEC_SOFTMAX),
        Variant("shifted by the largest entry of the whole batch", _softmax_variant("globalshift"),
                "one shift for the whole batch can still underflow: a column far below the batch's largest "
                "entry becomes all zeros, and 0/0 = NaN. The shift must be chosen for each column.", SEC_SOFTMAX),
    )


def _sym_softmax(z1, z2, z3):
    import sympy as sp
    total = sp.exp(z1) + sp.exp(z2) + sp.exp(z3)
    return sp.exp(z1) / total


class SoftmaxCrossEntropyDeltaSymbolic(Symbolic):
    name = "softmax_ce_delta_symbolic"
    title = "δ₁ = ∂C/∂z₁ for a softmax output of three units with the cross-entropy, targets summing to 1"
    lesson = "11_beyond_sigmoid"
    allowed = "sympy"
    symbols = ("z1", "z2", "z3", "y1", "y2")
    ranges = {"z1": (-3.0, 3.0), "z2": (-3.0, 3.0), "z3": (-3.0, 3.0), "y1": (0.0, 0.5), "y2": (0.0, 0.5)}

    def expected(self, z1, z2, z3, y1, y2):
        return _sym_softmax(z1, z2, z3) - y1

    solution = expected

    @staticmethod
    def _v_sigma_prime(z1, z2, z3, y1, y2):
        a1 = _sym_softmax(z1, z2, z3)
        return (a1 - y1) * a1 * (1 - a1)

    @staticmethod
    def _v_da(z1, z2, z3, y1, y2):
        return -y1 / _sym_softmax(z1, z2, z3)

    @staticmethod
    def _v_diagonal(z1, z2, z3, y1, y2):
        a1 = _sym_softmax(z1, z2, z3)
        return -y1 / a1 * a1 * (1 - a1)

    @staticmethod
    def _v_sign(z1, z2, z3, y1, y2):
        return y1 - _sym_softmax(z1, z2, z3)

    variants = (
        Variant("δ^L with an extra σ′", _v_sigma_prime.__func__,
                "your expression carries an extra factor a₁(1 − a₁), the softmax's own slope, as BP1 for the "
                "quadratic cost would. With the cross-entropy, the derivative of the logarithm cancels it, as it "
                "cancels σ′ for a sigmoid output in lesson 03.", SEC_SOFTMAX),
        Variant("∂C/∂a₁ instead of ∂C/∂z₁", _v_da.__func__,
                "you differentiated C with respect to the activation a₁; δ₁ is the derivative with respect to the "
                "weighted input z₁, which needs the chain rule through all three softmax outputs.", SEC_SOFTMAX),
        Variant("only ∂a₁/∂z₁: the coupling of the units ignored", _v_diagonal.__func__,
                "softmax couples the units: z₁ changes a₂ and a₃ too (through the shared denominator), and C depends "
                "on them. Summing over j in the chain rule brings in the terms with y₂ and y₃.", SEC_SOFTMAX),
        Variant("y − a: the sign is flipped", _v_sign.__func__,
                "raising z₁ raises a₁; when a₁ is above its target y₁ the cost grows, so ∂C/∂z₁ must be positive "
                "there. Your expression has the opposite sign.", SEC_SOFTMAX),
    )


def _relu_variant(kind):
    def relu_backward(dout, z):
        if kind == "kink1":
            return dout * (z >= 0)
        if kind == "dout_mask":
            return dout * (dout > 0)
        if kind == "relu":
            return dout * np.maximum(z, 0.0)
        return (z > 0).astype(float)
    return relu_backward


class ReluBackward(ArrayFunction):
    name = "relu_backward"
    title = "∂C/∂z through a ReLU layer, given ∂C/∂a, with derivative 0 at the kink"
    lesson = "11_beyond_sigmoid"
    allowed = "numpy"
    arg_names = ("dout", "z")

    def solution(self, dout, z):
        from ...activations import ReLU
        return ReLU.backward(z, ReLU.fn(z), dout)

    def cases(self, rng, public):
        def case(label, n, m, zeros):
            z = np.round(_z(rng, (n, m)), 1)
            z.flat[rng.choice(z.size, size=zeros, replace=False)] = 0.0       # exactly on the kink
            return Case(label, {"dout": rng.standard_normal((n, m)), "z": z})
        if public:
            return [
                Case("z = [−1, 0, 2] as a column", {"dout": np.array([[0.5], [-1.5], [2.0]]),
                                                     "z": np.array([[-1.0], [0.0], [2.0]])}),
                case("dout, z of shape (3, 4) with two zeros in z", 3, 4, 2),
                case("dout, z of shape (2, 5) with one zero in z", 2, 5, 1),
            ]
        n, m = (int(v) for v in rng.integers(2, 7, size=2))
        return [case(f"dout, z of shape ({n}, {m}) with zeros in z", n, m, 2),
                case(f"dout, z of shape ({m}, {n + 1}) with zeros in z", m, n + 1, 3),
                case(f"dout, z of shape ({n}, 1) with a zero in z", n, 1, 1)]

    variants = (
        Variant("the gradient passed through at the kink", _relu_variant("kink1"),
                "at z = 0 exactly, your function lets the gradient through (a slope of 1). Any value in [0, 1] is a "
                "subgradient there, and this question, like nnlib, takes the one that blocks it.", SEC_ACT),
        Variant("the mask taken from dout instead of z", _relu_variant("dout_mask"),
                "whether the gradient passes depends on the unit's weighted input z (is the unit on its flat or its "
                "rising part?), not on the sign of the incoming gradient.", SEC_ACT),
        Variant("ReLU(z) instead of its derivative", _relu_variant("relu"),
                "the backward pass multiplies by the slope of ReLU at z, not by its value.", SEC_ACT),
        Variant("dout not multiplied in", _relu_variant("mask"),
                "your result is the slope of ReLU alone, the same whatever dout is; the backward pass must carry the "
                "incoming gradient dout through the layer (the chain rule).", SEC_ACT),
    )


def _l2_variant(kind):
    def l2_gradient(W, b, nabla_w, nabla_b, lam, m):
        scale = {"no_m": lam, "half": lam / (2 * m), "sign": -lam / m}.get(kind, lam / m)
        new_b = nabla_b + lam / m * b if kind == "bias" else nabla_b.copy()
        return nabla_w + scale * W, new_b
    return l2_gradient


class L2Gradient(ArgsFunction):
    name = "l2_gradient"
    title = "one layer's gradient (nabla_w, nabla_b) of the mean cost with the L2 penalty"
    lesson = "11_beyond_sigmoid"
    allowed = "numpy"
    arg_names = ("W", "b", "nabla_w", "nabla_b", "lam", "m")
    numbers = ("lam", "m")
    parts = ("nabla_w", "nabla_b")

    def solution(self, W, b, nabla_w, nabla_b, lam, m):
        from ...network import Network
        # nnlib's own L2 term: the gradient of a network with λ minus that of the same network with λ = 0.
        n, n_prev = W.shape
        X, Y = np.zeros((n_prev, m)), np.zeros((n, m))
        reg, plain = Network([n_prev, n], activations="identity", lam=lam), Network([n_prev, n], activations="identity")
        for net in (reg, plain):
            net.weights, net.biases = [W], [b]
        (gb_reg,), (gw_reg,) = reg.backprop(X, Y)
        (gb_plain,), (gw_plain,) = plain.backprop(X, Y)
        return nabla_w + (gw_reg - gw_plain), nabla_b + (gb_reg - gb_plain)

    def cases(self, rng, public):
        plans = [((3, 2), 0.7, 8), ((2, 4), 2.0, 5), ((1, 3), 0.1, 20)] if public else \
            [((int(rng.integers(2, 6)), int(rng.integers(2, 6))), float(rng.uniform(0.2, 3.0)), int(rng.integers(3, 50))),
             ((1, int(rng.integers(2, 6))), float(rng.uniform(0.2, 3.0)), int(rng.integers(3, 50))),
             ((int(rng.integers(2, 6)), 1), float(rng.uniform(0.2, 3.0)), int(rng.integers(3, 50)))]
        out = []
        for (n, n_prev), lam, m in plans:
            args = {"W": rng.standard_normal((n, n_prev)), "b": rng.standard_normal((n, 1)),
                    "nabla_w": 0.1 * rng.standard_normal((n, n_prev)), "nabla_b": 0.1 * rng.standard_normal((n, 1)),
                    "lam": np.array(lam), "m": np.array(m)}
            values = f", λ = {lam:.2g}, m = {m}" if public else ""          # hidden labels give shapes only
            out.append(Case(f"W of shape ({n}, {n_prev}){values}", args))
        return out

    variants = (
        Variant("the biases regularized too", _l2_variant("bias"),
                "the penalty sums the squared weights only; the biases are not in it, so their gradient is the "
                "one you were given, unchanged.", SEC_L2),
        Variant("λ/m forgotten", _l2_variant("no_m"),
                "the penalty is shared by the m examples of the mean cost, like the data term; your weight term is "
                "m times too large.", SEC_L2),
        Variant("the ½ kept: λ/2m", _l2_variant("half"),
                "the derivative of a square brings down a factor 2, which cancels the ½ of the penalty; your weight "
                "term is half as large as it should be.", SEC_L2),
        Variant("the penalty's gradient subtracted", _l2_variant("sign"),
                "the penalty grows as the weights grow, so its gradient has the sign of the weights; you subtracted "
                "it from the data gradient, which makes gradient descent grow the weights instead of shrinking them.",
                SEC_L2),
    )


ASSIGNMENT = Assignment("11_beyond_sigmoid", [("softmax", 2), ("softmax_ce_delta_symbolic", 2), ("relu_backward", 2),
                                              ("l2_gradient", 3)],
                        withheld=["nnlib.activations:Softmax", "nnlib.activations:ReLU", "nnlib.costs:CrossEntropyCost",
                                  "nnlib.network:Network.backprop", "nnlib.network:Network.deltas", "nnlib.autodiff:*"])
QUESTIONS = (Softmax(), SoftmaxCrossEntropyDeltaSymbolic(), ReluBackward(), L2Gradient())
