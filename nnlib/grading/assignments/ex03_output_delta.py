"""Exercise 03: σ′ and the output-layer δ (BP1), with two symbolic answers."""

import numpy as np

from ...activations import Sigmoid, sigmoid, sigmoid_prime
from ..compare import ArrayFunction, Case, Symbolic, Variant, _z, sym_sigmoid
from ..spec import Assignment

# What exercises 03–05 withhold (see nnlib.grading.withheld): every nnlib route to σ′, δ or the gradient.
SIGMOID_WITHHELD = [
    "nnlib.activations:sigmoid_prime", "nnlib.activations:Sigmoid.prime", "nnlib.activations:Sigmoid.backward",
    "nnlib.costs:QuadraticCost.delta", "nnlib.costs:CrossEntropyCost.delta",
    "nnlib.network:Network.deltas", "nnlib.network:Network._deltas", "nnlib.network:Network.backprop",
    "nnlib.network:Network._backprop", "nnlib.network:Network.update_mini_batch", "nnlib.network:Network._train_batch",
    "nnlib.network:Network.fit", "nnlib.gradcheck:network_numerical_gradient", "nnlib.gradcheck:gradient_report",
    "nnlib.symbolic:SymbolicNetwork", "nnlib.autodiff:*", "nnlib.layers:*",
]
ALLOWED = "numpy, nnlib.sigmoid, and your own functions from the questions above"


def own_sigmoid_prime(z):
    """σ′ as a student writes it: the classic mistakes below must not lean on nnlib's withheld one."""
    s = sigmoid(z)
    return s * (1 - s)

SEC_SIGMA = "lesson 03, sections 3 (“The sigmoid and σ′ = σ(1 − σ)”) and 4 (“The derivative from the output”)"


class SigmoidPrime(ArrayFunction):
    name = "sigmoid_prime"
    allowed = "numpy and nnlib.sigmoid"
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


SEC_BP1 = "lesson 03, section 2 (“BP1 for any activation”)"


def _layer_batch(rng, n, m, scale=1.5):
    z = _z(rng, (n, m), scale)
    return z, sigmoid(z)


class OutputDelta(ArrayFunction):
    name = "output_delta"
    allowed = ALLOWED
    title = "BP1 for the quadratic cost: δ^L = (a − y) ⊙ σ′(z)"
    lesson = "03_output_delta"
    arg_names = ("a", "y", "z")

    def solution(self, a, y, z):
        from ...costs import QuadraticCost
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
        Variant("σ′(a) instead of σ′(z)", lambda a, y, z: (a - y) * own_sigmoid_prime(a),
                "BP1 evaluates σ′ at the weighted input z^L, not at the output a^L = σ(z^L).", SEC_BP1),
        Variant("σ′ is missing", lambda a, y, z: a - y,
                "(a − y) alone is δ^L for the cross-entropy cost; the quadratic cost keeps the factor σ′(z^L).", SEC_BP1),
        Variant("y − a: the sign is flipped", lambda a, y, z: (y - a) * own_sigmoid_prime(z),
                "∂C/∂a for C = ½‖a − y‖² is a − y, not y − a.", SEC_BP1),
        Variant("σ(z) instead of σ′(z)", lambda a, y, z: (a - y) * sigmoid(z),
                "the factor is the derivative σ′(z^L), not the activation σ(z^L).", SEC_BP1),
    )



class SigmoidPrimeSymbolic(Symbolic):
    name = "sigmoid_prime_symbolic"
    allowed = "sympy (for example sympy.diff) and nnlib.symbolic.sigma"
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
        return sym_sigmoid(z)

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
    allowed = "sympy (for example sympy.diff) and nnlib.symbolic.sigma"
    title = "δ^L = ∂C/∂z for the cross-entropy with a sigmoid output, in z and y"
    lesson = "03_output_delta"
    symbols = ("z", "y")
    ranges = {"z": (-4.0, 4.0), "y": (0.0, 1.0)}

    def expected(self, z, y):
        return sym_sigmoid(z) - y

    solution = expected

    @staticmethod
    def _v_quadratic(z, y):
        import sympy as sp
        s = sym_sigmoid(z)
        return (s - y) * sp.diff(s, z)

    @staticmethod
    def _v_sign(z, y):
        return y - sym_sigmoid(z)

    @staticmethod
    def _v_da(z, y):
        s = sym_sigmoid(z)
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




ASSIGNMENT = Assignment("03_output_delta", [("sigmoid_prime", 2), ("sigmoid_prime_symbolic", 2), ("output_delta", 2),
                                            ("cross_entropy_delta_symbolic", 2)], withheld=SIGMOID_WITHHELD)
QUESTIONS = (SigmoidPrime(), SigmoidPrimeSymbolic(), OutputDelta(), CrossEntropyDeltaSymbolic())
