"""Exercise 04: the recursive δ rule (BP2)."""

import numpy as np

from ...activations import Sigmoid, sigmoid
from ..compare import ArrayFunction, Case, Variant, _z
from ..spec import Assignment
from .ex03_output_delta import ALLOWED, SIGMA_PRIME_FORMS, SIGMOID_WITHHELD, SigmoidPrime, own_sigmoid_prime

SEC_BP2 = "lesson 04, “The matrix form” and “This formula is written wrong in many places”"

# BP2 in the forms a message could write it (for hidden_delta and backprop).
BP2_FORMS = (
    "W_next.T @ delta_next", "W_next.T.dot(delta_next)", "np.dot(W_next.T, delta_next)", "W_nextᵀ δ_next",
    "W_nextᵀδ_next", "(W_nextᵀ δ_next) ⊙ σ′(z)", "(W^{l+1})ᵀ δ^{l+1}", "(W^{l+1})^T δ^{l+1}", "W^{l+1}ᵀ δ^{l+1}",
    "(Wᵀ δ) ⊙", "Wᵀ δ", "Wᵀδ", "W.T @ d", "W.T @ delta", "weights[l].T @",
)


class HiddenDelta(ArrayFunction):
    name = "hidden_delta"
    section = SEC_BP2
    allowed = ALLOWED
    title = "BP2: a sigmoid hidden layer's error δ^l from the next layer's error"
    answer_forms = BP2_FORMS + SIGMA_PRIME_FORMS
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
        Variant("W instead of Wᵀ", lambda W, d, z: (W @ d) * own_sigmoid_prime(z),
                "your result multiplies δ_next by W_next as it is. W_next, of shape (n_{l+1}, n_l), carries "
                "layer l forwards to layer l+1; the error travels the other way, from n_{l+1} units to n_l "
                "units. With layers of equal width the shapes fit and only the numbers are wrong.",
                "lesson 04, “W instead of Wᵀ”"),
        Variant("σ′(a) instead of σ′(z)", lambda W, d, z: (W.T @ d) * own_sigmoid_prime(sigmoid(z)),
                "your σ′ is evaluated at the activation a = σ(z). δ^l is the derivative with respect to the "
                "weighted input z^l, so σ′ is evaluated where σ is applied: at z^l.",
                "lesson 04, “σ′(a^l) instead of σ′(z^l)”"),
        Variant("σ′ is missing", lambda W, d, z: W.T @ d,
                "your result is ∂C/∂a^l, the derivative with respect to the layer's activations; δ^l is the "
                "derivative with respect to z^l, one more step of the chain rule through a^l = σ(z^l).",
                "lesson 04, “σ′ missing”"),
        Variant("z(1 − z) instead of σ′(z)", lambda W, d, z: (W.T @ d) * z * (1 - z),
                "the factor that should be σ′(z) is z(1 − z): an expression of that shape is σ′ only when it is "
                "fed the sigmoid's output, not the weighted input z (if you called your sigmoid_prime, check it "
                "first).", SEC_BP2),
    )




ASSIGNMENT = Assignment("04_recursive_delta", [("sigmoid_prime", 1), ("hidden_delta", 3)], withheld=SIGMOID_WITHHELD)
QUESTIONS = (SigmoidPrime(), HiddenDelta())
