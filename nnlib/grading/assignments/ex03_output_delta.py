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

# Spellings of σ′ that no message may contain: it is the answer of sigmoid_prime and part of BP1 and BP2.
SIGMA_PRIME_FORMS = (
    "σ(z)(1 − σ(z))", "σ(z)·(1 − σ(z))", "σ(z) (1 − σ(z))", "σ(z)(1-σ(z))", "σ(1 − σ)", "σ(1-σ)",
    "a(1 − a)", "a (1 − a)", "a·(1 − a)", "a(1-a)", "s * (1 - s)", "s*(1-s)", "s * (1 − s)",
    "sigmoid(z) * (1 - sigmoid(z))", "sigma(z)*(1 - sigma(z))", "sigma(z) * (1 - sigma(z))",
    "e^{−z}/(1 + e^{−z})²", "e^{-z}/(1 + e^{-z})^2", "exp(-z)/(1 + exp(-z))**2", "exp(-z) / (1 + exp(-z))**2",
    "exp(-z)/(exp(-z) + 1)**2",
)


def own_sigmoid_prime(z):
    """σ′ as a student writes it: the classic mistakes below must not lean on nnlib's withheld one."""
    s = sigmoid(z)
    return s * (1 - s)

SEC_SIGMA = "lesson 03, section 3 (“The sigmoid”)"


class SigmoidPrime(ArrayFunction):
    name = "sigmoid_prime"
    section = SEC_SIGMA
    allowed = "numpy and nnlib.sigmoid"
    title = "σ′(z), elementwise"
    answer_forms = SIGMA_PRIME_FORMS
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
                "your function returns the values of σ(z), the activation itself (or the derivative of another "
                "function, such as ln(1 + e^z)), not the derivative of σ.", SEC_SIGMA),
        Variant("z(1 − z): the output formula applied to z", lambda z: z * (1 - z),
                "your function computes z(1 − z). An expression of that shape is σ′ only when it is fed the "
                "sigmoid's output; your function receives the weighted input z.", SEC_SIGMA),
        Variant("σ(z)(1 + σ(z)): a sign slip", lambda z: sigmoid(z) * (1 + sigmoid(z)),
                "your values are σ(z)(1 + σ(z)), too large: at z = 0 yours is 0.75, while σ′ is never above "
                "1/4. Check the signs as you differentiate 1/(1 + e^{−z}).", SEC_SIGMA),
        Variant("1 − σ(z): a factor is missing", lambda z: 1 - sigmoid(z),
                "your values are 1 − σ(z) (the same as e^{−z}/(1 + e^{−z})): they tend to 1 as z → −∞, while "
                "σ′ tends to 0 at both ends. A factor is missing, for example the square of the denominator "
                "when you differentiate 1/(1 + e^{−z}).", SEC_SIGMA),
    )


SEC_BP1 = "lesson 03, section 2 (“BP1 for any activation”)"


def _layer_batch(rng, n, m, scale=1.5):
    z = _z(rng, (n, m), scale)
    return z, sigmoid(z)


class OutputDelta(ArrayFunction):
    name = "output_delta"
    section = SEC_BP1
    allowed = ALLOWED
    title = "BP1: the output layer's error δ^L for the quadratic cost and a sigmoid output"
    answer_forms = (
        "(a − y) ⊙ σ′(z)", "(a − y)⊙σ′(z)", "(a − y) σ′(z)", "(a − y)σ′(z)", "(a − y) · σ′(z)", "(a − y) * σ′(z)",
        "(a^L − y) ⊙ σ′(z^L)", "(a^L − y) σ′(z^L)", "(a - y) * sigmoid_prime(z)", "(a - y) * s * (1 - s)",
        "(a-y)*sigmoid_prime(z)", "∂C/∂a is a − y", "∂C/∂a = a − y", "∇_a C = a − y",
    ) + SIGMA_PRIME_FORMS
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
                "your σ′ is evaluated at the output a^L = σ(z^L). δ^L is the derivative with respect to the "
                "weighted input z^L, so the chain rule evaluates σ′ where σ is applied: at z^L.", SEC_BP1),
        Variant("σ′ is missing", lambda a, y, z: a - y,
                "your δ^L is ∂C/∂a^L, the derivative with respect to the output; δ^L is the derivative with "
                "respect to z^L, one more step of the chain rule through a^L = σ(z^L). (Without that step it is "
                "the cross-entropy cost's δ^L, lesson 03 section 5.)", SEC_BP1),
        Variant("y − a: the sign is flipped", lambda a, y, z: (y - a) * own_sigmoid_prime(z),
                "your δ^L has the right size and the opposite sign. C = ½‖a − y‖² grows as a moves away from y: "
                "check the sign of its derivative with respect to a.", SEC_BP1),
        Variant("σ(z) instead of σ′(z)", lambda a, y, z: (a - y) * sigmoid(z),
                "the factor that should be the derivative σ′(z^L) has the values of the activation σ(z^L) "
                "(if you called your sigmoid_prime, check it first).", SEC_BP1),
    )



class SigmoidPrimeSymbolic(Symbolic):
    name = "sigmoid_prime_symbolic"
    section = SEC_SIGMA
    allowed = "sympy (for example sympy.diff) and nnlib.symbolic.sigma"
    title = "σ′(z) as a SymPy expression in z"
    answer_forms = SIGMA_PRIME_FORMS
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
        Variant("σ(z) instead of σ′(z)", _v_sigma.__func__,
                "your expression equals σ(z), the activation itself (or the derivative of another function, such "
                "as ln(1 + e^z)), not σ′(z), the derivative of σ(z) = 1/(1 + e^{−z}).", SEC_SIGMA),
        Variant("−σ′(z): a minus sign is lost", _v_sign.__func__,
                "your expression is negative for every z, but σ increases everywhere, so its derivative is "
                "positive. Differentiating 1/(1 + e^{−z}) meets two minus signs (one from 1/u, one from e^{−z}); "
                "your result has the sign of only one of them.", SEC_SIGMA),
        Variant("1 − σ(z): a factor is missing", _v_no_square.__func__,
                "your expression equals 1 − σ(z) (the same as e^{−z}/(1 + e^{−z})): it tends to 1 as z → −∞, "
                "while σ′ tends to 0 at both ends. A factor is missing, for example the square of the "
                "denominator when you differentiate 1/(1 + e^{−z}).", SEC_SIGMA),
        Variant("z(1 − z): the output formula applied to z", _v_output.__func__,
                "your expression is z(1 − z). An expression of that shape is σ′ only when it is fed the "
                "sigmoid's output, not the weighted input z.", SEC_SIGMA),
    )


SEC_CE = "lesson 03, section 5 (“Cross-entropy cancels σ′”)"


class CrossEntropyDeltaSymbolic(Symbolic):
    name = "cross_entropy_delta_symbolic"
    section = SEC_CE
    allowed = "sympy (for example sympy.diff) and nnlib.symbolic.sigma"
    title = "δ^L = ∂C/∂z for the cross-entropy with a sigmoid output, in z and y"
    answer_forms = ("σ(z) − y", "σ(z) - y", "sigma(z) - y", "a − y", "a - y", "−y + σ(z)", "-y + sigma(z)",
                    "1/(1 + exp(-z)) - y", "1/(1 + e^{−z}) − y", "-y + 1/(1 + exp(-z))", "-y + 1/(exp(-z) + 1)")
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
                "your expression is δ^L of the quadratic cost, with its factor σ′(z). Differentiate the "
                "cross-entropy C = −[y ln a + (1 − y) ln(1 − a)] itself: its derivative with respect to a has a "
                "denominator that cancels that factor.", SEC_CE),
        Variant("y − σ(z): the sign is flipped", _v_sign.__func__,
                "your expression has the right size and the opposite sign. C = −[y ln a + (1 − y) ln(1 − a)] "
                "falls as a moves towards y; check the minus sign in front of the bracket.", SEC_CE),
        Variant("∂C/∂a instead of ∂C/∂z", _v_da.__func__,
                "your expression equals ∂C/∂a (at a = σ(z)), the derivative with respect to the output; δ is the "
                "derivative with respect to z, one more step of the chain rule through a = σ(z).", SEC_CE),
    )




ASSIGNMENT = Assignment("03_output_delta", [("sigmoid_prime", 2), ("sigmoid_prime_symbolic", 2), ("output_delta", 2),
                                            ("cross_entropy_delta_symbolic", 2)], withheld=SIGMOID_WITHHELD)
QUESTIONS = (SigmoidPrime(), SigmoidPrimeSymbolic(), OutputDelta(), CrossEntropyDeltaSymbolic())
