"""Exercise 05: the weight and bias gradients (BP3, BP4) and the whole backward pass."""

import numpy as np

from ...activations import sigmoid
from ..compare import ArrayFunction, Case, Question, Variant, _named
from ..spec import Assignment
from .ex03_output_delta import SEC_BP1, SIGMA_PRIME_FORMS, SIGMOID_WITHHELD, OutputDelta, SigmoidPrime, own_sigmoid_prime
from .ex04_recursive_delta import BP2_FORMS, HiddenDelta

SEC_BP4 = "lesson 05, “A batch: Ng's Δ and D = Δ/m” and “Shapes”"
SEC_BP3 = "lesson 05, “A batch: Ng's Δ and D = Δ/m” and “Shapes” (∂J/∂b^l is a column (n_l, 1))"

BP4_FORMS = ("δ a_prevᵀ / m", "δ a_prevᵀ/m", "δ a_prevᵀ", "δ·a_prevᵀ", "δ (a^{l-1})ᵀ", "δ^l (a^{l-1})ᵀ",
             "delta @ a_prev.T", "delta.dot(a_prev.T)", "np.dot(delta, a_prev.T)", "np.matmul(delta, a_prev.T)",
             "/ delta.shape[1]", "m = delta.shape[1]", "m is delta.shape[1]")
BP3_FORMS = ("mean(axis=1, keepdims=True)", "delta.mean(axis=1", "np.mean(delta, axis=1", "axis=1, keepdims=True",
             "sum(axis=1, keepdims=True) / m", "along axis=1", "axis=1")


class WeightGradient(ArrayFunction):
    name = "weight_gradient"
    section = SEC_BP4
    allowed = "numpy"
    title = "BP4 for a batch: ∂J/∂W^l of the mean cost, in the shape of W^l"
    answer_forms = BP4_FORMS
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
                "your result is the transpose of ∂J/∂W^l, of shape (n_{l-1}, n_l); a gradient has the shape of "
                "what it differentiates, W^l: (n_l, n_{l-1}).", SEC_BP4),
        Variant("no /m: the sum over the batch, not the mean", lambda d, a: d @ a.T,
                "your result is m times too large: it is the gradient of the summed cost Σ_x C_x, while J is "
                "the mean over the m examples.", SEC_BP4),
        Variant("δᵀ a_prev", lambda d, a: d.T @ a,
                "your product sums over the units and gives an (m, m) matrix, one entry per pair of examples "
                "(and raises when n_l ≠ n_{l-1}); ∂J/∂W^l has one entry per pair of units, (n_l, n_{l-1}), "
                "so the sum must run over the examples.", SEC_BP4),
        Variant("divided by len(delta) instead of m", lambda d, a: d @ a.T / len(d),
                "your result is divided by n_l: len(delta) counts the rows of delta, one per unit, not the "
                "examples, which are its columns.", SEC_BP4),
    )


class BiasGradient(ArrayFunction):
    name = "bias_gradient"
    section = SEC_BP3
    allowed = "numpy"
    title = "BP3 for a batch: ∂J/∂b^l of the mean cost, a column (n_l, 1)"
    answer_forms = BP3_FORMS
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
                "your result is m times too large: it is the gradient of the summed cost Σ_x C_x, while J is "
                "the mean over the m examples.", SEC_BP3),
        Variant("the wrong axis: a mean over the units", lambda d: d.mean(axis=0, keepdims=True),
                "your result is a row with one entry per example: you averaged down each column, over the units. "
                "Examples are columns, and the gradient is an average over the examples.", SEC_BP3),
        Variant("shape (n,) instead of (n, 1)", lambda d: d.mean(axis=1),
                "your numbers are right but come back as a 1-D array: b^l is a column of shape (n_l, 1), so its "
                "gradient must be one too.", SEC_BP3),
        Variant("divided by len(delta) instead of m", lambda d: d.sum(axis=1, keepdims=True) / len(d),
                "your sum is divided by n_l: len(delta) counts the rows of delta, one per unit, not the examples, "
                "which are its columns.", SEC_BP3),
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
    section = SEC_BACKPROP
    allowed = "numpy, nnlib.sigmoid, net.forward and net.feedforward, and your own functions from the questions above"
    title = "the gradient (nabla_b, nabla_w) of the mean quadratic cost"
    answer_forms = BP2_FORMS + BP4_FORMS + SIGMA_PRIME_FORMS + (
        "(a^L − y) ⊙ σ′(z^L)", "(a − y) ⊙ σ′(z)", "(W^{l+1})ᵀ δ^{l+1}", "δ^l (a^{l-1})ᵀ")
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
                "when you carry δ back a layer you multiply by W^{l+1} as it is: its shape (n_{l+1}, n_l) maps "
                "forwards, so the product only runs when the layers have the same width, and then gives wrong "
                "numbers.", "lesson 04, “W instead of Wᵀ”"),
        Variant("σ′(a) instead of σ′(z)", _backprop_variant(prime_at="a"),
                "your σ′ is evaluated at the activations a^l; the δ's are derivatives with respect to the "
                "weighted inputs z^l (zs), where σ is applied.", SEC_BACKPROP),
        Variant("no /m: the summed gradient, not the mean", _backprop_variant(mean=False),
                "your gradients are m times too large: they are those of the summed cost, while the contract "
                "is the mean cost J = (1/m) Σ_x C_x.", SEC_BP4),
        Variant("σ′ missing in BP1", _backprop_variant(bp1_prime=False),
                "your output-layer δ^L has no σ′ factor, which is the cross-entropy cost's δ^L; this network's "
                "cost is the quadratic one (if you called your output_delta, check it first).", SEC_BP1),
        Variant("nabla_b with shape (n,) instead of (n, 1)", _backprop_variant(b_column=False),
                "each nabla_b[l] must have the shape of b^l, a column (n_l, 1): use keepdims=True.", SEC_BP3),
        Variant("(nabla_w, nabla_b): the results in the wrong order", _backprop_variant(swap=True),
                "return nabla_b first, then nabla_w, like nnlib.Network.backprop.", SEC_BACKPROP),
    )




ASSIGNMENT = Assignment("05_weight_gradients", [("sigmoid_prime", 1), ("output_delta", 1), ("hidden_delta", 1),
                                                ("weight_gradient", 2), ("bias_gradient", 2), ("backprop", 4)],
                        withheld=SIGMOID_WITHHELD)
QUESTIONS = (SigmoidPrime(), OutputDelta(), HiddenDelta(), WeightGradient(), BiasGradient(), Backprop())
