"""Exercise 04: the recursive δ rule (BP2)."""

import numpy as np

from ...activations import Sigmoid, sigmoid
from ..compare import ArrayFunction, Case, Variant, _z
from ..spec import Assignment
from .ex03_output_delta import ALLOWED, SIGMOID_WITHHELD, SigmoidPrime, own_sigmoid_prime

SEC_BP2 = "lesson 04, “The matrix form” and “This formula is written wrong in many places”"


class HiddenDelta(ArrayFunction):
    name = "hidden_delta"
    allowed = ALLOWED
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
        Variant("W instead of Wᵀ", lambda W, d, z: (W @ d) * own_sigmoid_prime(z),
                "your δ uses W_next where BP2 needs its transpose W_nextᵀ: the error flows backwards, "
                "from the n_{l+1} units to the n_l units, so the matrix must be (n_l, n_{l+1}).",
                "lesson 04, “W instead of Wᵀ”"),
        Variant("σ′(a) instead of σ′(z)", lambda W, d, z: (W.T @ d) * own_sigmoid_prime(sigmoid(z)),
                "you applied σ′ to the activation a = σ(z); BP2 needs σ′ at the weighted input z itself.",
                "lesson 04, “σ′(a^l) instead of σ′(z^l)”"),
        Variant("σ′ is missing", lambda W, d, z: W.T @ d,
                "W_nextᵀ δ_next is ∂C/∂a^l; to get δ^l = ∂C/∂z^l multiply elementwise by σ′(z^l).",
                "lesson 04, “σ′ missing”"),
        Variant("z(1 − z) instead of σ′(z)", lambda W, d, z: (W.T @ d) * z * (1 - z),
                "a(1 − a) is σ′ in terms of the output a = σ(z); you applied it to z.", SEC_BP2),
    )




ASSIGNMENT = Assignment("04_recursive_delta", [("sigmoid_prime", 1), ("hidden_delta", 3)], withheld=SIGMOID_WITHHELD)
QUESTIONS = (SigmoidPrime(), HiddenDelta())
