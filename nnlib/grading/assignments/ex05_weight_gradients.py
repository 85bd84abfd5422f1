"""Exercise 05: the weight and bias gradients (BP3, BP4) and the whole backward pass."""

import numpy as np

from ...activations import sigmoid
from ..compare import ArrayFunction, Case, Question, Variant, _named
from ..spec import Assignment
from .ex03_output_delta import SEC_BP1, SIGMOID_WITHHELD, OutputDelta, SigmoidPrime, own_sigmoid_prime
from .ex04_recursive_delta import HiddenDelta

SEC_BP4 = "lesson 05, “A batch: Ng's Δ and D = Δ/m” and “Shapes”"
SEC_BP3 = "lesson 05, “A batch: Ng's Δ and D = Δ/m” and “Shapes” (∂J/∂b^l is a column (n_l, 1))"


class WeightGradient(ArrayFunction):
    name = "weight_gradient"
    allowed = "numpy"
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
    allowed = "numpy"
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


SEC_BACKPROP = "lesson 05, “Numbers: the formulas against nnlib.Network.backprop”"


def _backprop_variant(transpose=True, prime_at="z", bp1_prime=True, mean=True, b_column=True, swap=False):
    def backprop(net, X, Y):
        m = X.shape[1]
        zs, activations = net.forward(X)
        L = len(net.weights)

        def sp_(l):                               # σ′ for layer l (1-based)
            z = zs[l - 1]
            return own_sigmoid_prime(z) if prime_at == "z" else own_sigmoid_prime(sigmoid(z))

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
    allowed = "numpy, nnlib.sigmoid, net.forward and net.feedforward, and your own functions from the questions above"
    title = "the gradient (nabla_b, nabla_w) of the mean quadratic cost"
    lesson = "05_weight_gradients"
    parts = ("nabla_b", "nabla_w")

    call_kind = "network"

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




ASSIGNMENT = Assignment("05_weight_gradients", [("sigmoid_prime", 1), ("output_delta", 1), ("hidden_delta", 1),
                                                ("weight_gradient", 2), ("bias_gradient", 2), ("backprop", 4)],
                        withheld=SIGMOID_WITHHELD)
QUESTIONS = (SigmoidPrime(), OutputDelta(), HiddenDelta(), WeightGradient(), BiasGradient(), Backprop())
