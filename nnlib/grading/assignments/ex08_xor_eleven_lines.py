"""Exercise 08: seed 002's eleven-line XOR program in the course's column form, and its printed errors."""

import numpy as np

from ...activations import sigmoid, sigmoid_prime
from ..compare import ArgsFunction, ArrayFunction, Case, Variant, _named
from ..spec import Assignment

SEC_READ = "lesson 08, section 3 (“The eleven lines, read as backpropagation”)"
SEC_COLUMNS = "lesson 08, section 4 (“Rows and columns: the same run in nnlib”)"
SEC_DATA = "lesson 08, section 1 (“The program and its data”)"


def _seed_weights():
    """The program's starting matrices: numpy's legacy Mersenne Twister seeded with 1 (lesson 08, section 2)."""
    legacy = np.random.RandomState(1)
    syn0 = 2 * legacy.random_sample((3, 4)) - 1
    syn1 = 2 * legacy.random_sample((4, 1)) - 1
    return syn0, syn1


def _xor():
    from ...data import xor
    return xor()


def _step(W1, W2, X, Y, kind):
    """One step of the program in column form, or one of its classic mistranslations."""
    a1 = sigmoid(W1 @ X)
    a2 = sigmoid(W2 @ a1)
    if kind == "prime_of_a":
        d2 = (a2 - Y) * sigmoid_prime(a2)
        d1 = (W2.T @ d2) * sigmoid_prime(a1)
    else:
        d2 = (a2 - Y) * a2 * (1 - a2)
        d1 = (W2.T @ d2) * a1 * (1 - a1)
    step = {"mean": -1.0 / X.shape[1], "ascent": 1.0}.get(kind, -1.0)
    return W1 + step * (d1 @ X.T), W2 + step * (d2 @ a1.T)


def _step_variant(kind):
    def xor_step(syn0, syn1, X, Y):
        W1, W2 = _step(syn0.T, syn1.T, X, Y, kind)
        return (W1.T, W2.T) if kind == "rows" else (W1, W2)
    return xor_step


def _uniform_weights(rng, sizes):
    return [rng.uniform(-1, 1, (sizes[l - 1], sizes[l])) for l in range(1, len(sizes))]    # row form: (n_{l-1}, n_l)


def _data(rng, sizes, m):
    return rng.uniform(0, 1, (sizes[0], m)), rng.uniform(0, 1, (sizes[-1], m)).round(0)


class XorStep(ArrayFunction):
    name = "xor_step"
    title = "one step of the eleven-line program, from its row-form matrices to the course's column form"
    lesson = "08_xor_eleven_lines"
    allowed = "numpy and nnlib.sigmoid"
    arg_names = ("syn0", "syn1", "X", "Y")
    parts = ("W1", "W2")

    def solution(self, syn0, syn1, X, Y):
        from ...network import Network
        net = Network([syn0.shape[0], syn0.shape[1], syn1.shape[1]], bias=False)
        net.weights = [syn0.T.copy(), syn1.T.copy()]
        net.update_mini_batch(X, Y, eta=float(X.shape[1]))      # the program's step of 1 on the summed gradient
        return tuple(net.weights)

    def cases(self, rng, public):
        X, Y = _xor()
        if public:
            syn0, syn1 = _seed_weights()
            other = _uniform_weights(rng, [3, 4, 1])
            X2, Y2 = _data(rng, [2, 3, 2], 5)
            return [Case("the seed's starting weights (np.random.seed(1)) on the four XOR examples",
                         {"syn0": syn0, "syn1": syn1, "X": X, "Y": Y}),
                    Case("other weights, syn0 (3, 4) and syn1 (4, 1), on XOR",
                         {"syn0": other[0], "syn1": other[1], "X": X, "Y": Y}),
                    Case("a [2, 3, 2] network, X (2, 5), Y (2, 5)",
                         dict(zip(("syn0", "syn1"), _uniform_weights(rng, [2, 3, 2])), X=X2, Y=Y2))]
        n0, n1, n2 = (int(v) for v in rng.integers(2, 6, size=3))
        m = int(rng.integers(3, 8))
        X2, Y2 = _data(rng, [n0, n1 + 1, n2], m)
        return [Case("syn0 (3, 4), syn1 (4, 1) on XOR", dict(zip(("syn0", "syn1"), _uniform_weights(rng, [3, 4, 1])), X=X, Y=Y)),
                Case(f"a [{n0}, {n1 + 1}, {n2}] network, a batch of {m}",
                     dict(zip(("syn0", "syn1"), _uniform_weights(rng, [n0, n1 + 1, n2])), X=X2, Y=Y2)),
                Case(f"a [3, {n1 + 2}, 1] network on XOR", dict(zip(("syn0", "syn1"), _uniform_weights(rng, [3, n1 + 2, 1])),
                                                                  X=X, Y=Y))]

    def compare(self, case, expected, got, reveal):
        ok, msg = _named(self.parts, expected, got, reveal)
        return (1.0 if ok else 0.0), msg

    variants = (
        Variant("the mean gradient without the η scaling", _step_variant("mean"),
                "the program adds the gradient summed over the examples, with a step of 1. Your step uses the mean, "
                "which is m times smaller; the same step needs a learning rate that makes up for the 1/m.",
                SEC_COLUMNS),
        Variant("a sign changed: y − a subtracted, or a − y added", _step_variant("ascent"),
                "the program's k2_delta is computed with y − a, so it carries the opposite sign of δ, and that is "
                "why it adds the update. Changing one of the two signs without the other climbs the cost.",
                SEC_READ),
        Variant("the transpose forgotten", _step_variant("rows"),
                "your matrices have the program's row-form shapes; the course's W^l maps the column a^{l−1} to the "
                "column z^l, so it has one row per unit of layer l. The lesson shows how the two forms relate.",
                SEC_COLUMNS),
        Variant("σ′ applied to the output a", _step_variant("prime_of_a"),
                "the program's nonlin(k, deriv=True) receives an output k = σ(z) and returns σ′(z), computed from "
                "that output (lesson 03's derivative from the output). Applying σ′ itself to the output a computes "
                "σ′(σ(z)), a different number.", SEC_READ),
    )


def _errors(W1, W2, X, Y, iterations, report_every, kind):
    errors = []
    for step in range(iterations):
        if kind != "after" and step % report_every == 0:
            a2 = sigmoid(W2 @ sigmoid(W1 @ X))
            errors.append(np.mean((Y - a2) ** 2) if kind == "squared" else np.mean(np.abs(Y - a2)))
        W1, W2 = _step(W1, W2, X, Y, kind)
        if kind == "after" and step % report_every == 0:
            errors.append(np.mean(np.abs(Y - sigmoid(W2 @ sigmoid(W1 @ X)))))
    return np.array(errors)


def _errors_variant(kind):
    def xor_errors(syn0, syn1, X, Y, iterations, report_every):
        return _errors(syn0.T, syn1.T, X, Y, iterations, report_every, kind)
    return xor_errors


class XorErrors(ArgsFunction):
    name = "xor_errors"
    title = "the errors the eleven-line program prints, from given starting matrices"
    lesson = "08_xor_eleven_lines"
    allowed = "numpy, nnlib.sigmoid and your xor_step"
    arg_names = ("syn0", "syn1", "X", "Y", "iterations", "report_every")
    numbers = ("iterations", "report_every")

    def solution(self, syn0, syn1, X, Y, iterations, report_every):
        from ...network import Network
        net = Network([syn0.shape[0], syn0.shape[1], syn1.shape[1]], bias=False)
        net.weights = [syn0.T.copy(), syn1.T.copy()]
        errors = []
        for step in range(iterations):
            if step % report_every == 0:
                errors.append(np.mean(np.abs(Y - net.feedforward(X))))
            net.update_mini_batch(X, Y, eta=float(X.shape[1]))
        return np.array(errors)

    # Training runs are the slow part of check(): each distinct case's reference and variant results are kept.
    _memo = {}

    @staticmethod
    def _key(case):
        return tuple((k, np.asarray(v).tobytes()) for k, v in sorted(case.args.items()))

    def reference(self, case):
        key = ("reference", self._key(case))
        if key not in self._memo:
            self._memo[key] = super().reference(case)
        return self._memo[key]

    def variant_results(self, cases):
        key = ("variants", tuple(self._key(c) for c in cases))
        if key not in self._memo:
            self._memo[key] = super().variant_results(cases)
        return self._memo[key]

    def cases(self, rng, public):
        X, Y = _xor()

        def case(label, weights, X, Y, iterations, every):
            return Case(label, {"syn0": weights[0], "syn1": weights[1], "X": X, "Y": Y,
                                "iterations": np.array(iterations), "report_every": np.array(every)})
        if public:
            X2, Y2 = _data(rng, [2, 3, 2], 5)
            return [case("the seed's starting weights, 10,001 iterations, a report every 10,000 (the program printed "
                         "0.496410031903 and 0.00858452565325)", _seed_weights(), X, Y, 10_001, 10_000),
                    case("other weights on XOR, 300 iterations, a report every 100", _uniform_weights(rng, [3, 4, 1]),
                         X, Y, 300, 100),
                    case("a [2, 3, 2] network, X (2, 5), 200 iterations, a report every 50",
                         _uniform_weights(rng, [2, 3, 2]), X2, Y2, 200, 50)]
        n0, n1, n2 = (int(v) for v in rng.integers(2, 6, size=3))
        m = int(rng.integers(3, 8))
        X2, Y2 = _data(rng, [n0, n1, n2], m)
        every = int(rng.integers(50, 200))
        return [case(f"syn0 (3, 4), syn1 (4, 1) on XOR, {4 * every + 1} iterations, a report every {every}",
                     _uniform_weights(rng, [3, 4, 1]), X, Y, 4 * every + 1, every),
                case(f"a [{n0}, {n1}, {n2}] network, a batch of {m}, 300 iterations, a report every 60",
                     _uniform_weights(rng, [n0, n1, n2]), X2, Y2, 300, 60)]

    variants = (
        Variant("the mean gradient without the η scaling", _errors_variant("mean"),
                "your training steps are m times smaller than the program's: it adds the summed gradient with a "
                "step of 1, while the mean needs a learning rate that makes up for the 1/m.", SEC_COLUMNS),
        Variant("a sign changed: y − a subtracted, or a − y added", _errors_variant("ascent"),
                "your run climbs the cost: the program's deltas are computed with y − a and added; with one of the "
                "two signs changed and not the other, every step goes uphill.", SEC_READ),
        Variant("the report taken after the update", _errors_variant("after"),
                "the program prints its error at the top of the loop, before that iteration's update, so the first "
                "report is the error of the starting weights.", SEC_DATA),
        Variant("the mean squared error reported", _errors_variant("squared"),
                "the program minimizes the squared error but prints a different progress report: the mean of the "
                "absolute differences between the targets and the outputs.", SEC_DATA),
    )


ASSIGNMENT = Assignment("08_xor_eleven_lines", [("xor_step", 3), ("xor_errors", 3)],
                        withheld=["nnlib.network:Network.update_mini_batch", "nnlib.network:Network.fit",
                                  "nnlib.network:Network._train_batch", "nnlib.network:Network.backprop",
                                  "nnlib.network:Network._backprop", "nnlib.network:Network.deltas", "nnlib.autodiff:*"])
QUESTIONS = (XorStep(), XorErrors())
