"""Exercise 10: seed 000's per-example update of the sentiment network, in its own row form."""

import numpy as np

from ...activations import sigmoid
from ..compare import ArgsFunction, Case, Variant
from ..spec import Assignment

SEC_ROWS = "lesson 10, section 2 (“The seed's network in row form”)"
SEC_COLUMNS = "lesson 10, section 3 (“The same network in column form”)"


def _row_variant(kind):
    def row_step(layer_0, target, weights_0_1, weights_1_2, learning_rate):
        layer_1 = layer_0 @ weights_0_1
        layer_2 = sigmoid(layer_1 @ weights_1_2)
        error = (target - layer_2) if kind == "sign" else (layer_2 - target)
        layer_2_delta = error * layer_2 * (1 - layer_2)
        if kind == "twice":
            layer_2_delta = learning_rate * layer_2_delta
        layer_1_delta = layer_2_delta @ weights_1_2.T
        if kind == "hidden_prime":
            layer_1_delta = layer_1_delta * layer_1 * (1 - layer_1)
        scale = learning_rate / layer_0.shape[0] if kind == "mean" else learning_rate
        grad_0_1 = layer_0 @ layer_1_delta if kind == "no_transpose" else layer_0.T @ layer_1_delta
        return weights_0_1 - scale * grad_0_1, weights_1_2 - scale * (layer_1.T @ layer_2_delta)
    return row_step


class RowStep(ArgsFunction):
    name = "row_step"
    title = "one step of seed 000's sentiment network in its row form, returning the new row-form weights"
    lesson = "10_sentiment_network"
    allowed = "numpy and nnlib.sigmoid"
    arg_names = ("layer_0", "target", "weights_0_1", "weights_1_2", "learning_rate")
    numbers = ("learning_rate",)
    parts = ("weights_0_1", "weights_1_2")

    def solution(self, layer_0, target, weights_0_1, weights_1_2, learning_rate):
        from ...network import Network
        n_0, n_1 = weights_0_1.shape
        net = Network([n_0, n_1, 1], activations=["identity", "sigmoid"], bias=False)
        net.weights = [weights_0_1.T.copy(), weights_1_2.T.copy()]
        # nnlib steps by the mean over the m = k columns; the row form sums the k rows: η_nnlib = k η.
        net.update_mini_batch(layer_0.T, target.T, eta=layer_0.shape[0] * learning_rate)
        return net.weights[0].T, net.weights[1].T

    def cases(self, rng, public):
        def case(k, n_0, n_1, eta, zero_first):                              # hidden labels give no values
            layer_0 = rng.integers(0, 3, (k, n_0)).astype(float)            # word counts, one review per row
            layer_0[:, 0] += 1                                                # every review has the first word
            target = rng.integers(0, 2, (k, 1)).astype(float)
            w01 = np.zeros((n_0, n_1)) if zero_first else 0.5 * rng.standard_normal((n_0, n_1))
            w12 = rng.standard_normal((n_1, 1))
            what = "one review" if k == 1 else f"a stack of {k} reviews"
            start = ", weights_0_1 = 0 (the seed's start)" if zero_first else ""
            rate = f", η = {eta:g}" if public else ""
            return Case(f"{what}, {n_0} words, {n_1} hidden units{rate}{start}",
                        {"layer_0": layer_0, "target": target, "weights_0_1": w01, "weights_1_2": w12,
                         "learning_rate": np.array(eta)})
        if public:
            return [case(1, 6, 3, 0.1, True), case(1, 5, 4, 0.5, False), case(5, 5, 3, 0.05, False)]
        n_0, n_1 = int(rng.integers(5, 10)), int(rng.integers(2, 5))
        return [case(1, n_0, n_1, float(rng.uniform(0.05, 0.5)), True),
                case(1, n_0 + 1, n_1 + 1, float(rng.uniform(0.05, 0.5)), False),
                case(n_0, n_0, n_1, float(rng.uniform(0.05, 0.5)), False)]

    variants = (
        Variant("the hidden layer given a σ′", _row_variant("hidden_prime"),
                "the seed's hidden layer is linear (no activation function), so its slope is 1 and layer_1_delta "
                "has no factor layer_1 (1 − layer_1): that factor belongs to a sigmoid unit only.", SEC_ROWS),
        Variant("layer_0.T forgotten", _row_variant("no_transpose"),
                "the update of weights_0_1 must have its shape (n_0, n_1), one row per word: the product that "
                "gives it runs over the reviews of the stack, so the input rows enter transposed. Without the "
                "transpose numpy refuses one review, and a square stack gives wrong numbers.", SEC_ROWS),
        Variant("the learning rate applied twice", _row_variant("twice"),
                "you scaled the error by the learning rate and then the update again: the steps are η² instead "
                "of η times the gradient. The rate enters once, in the update.", SEC_ROWS),
        Variant("a sign changed: t − a subtracted, or a − t added", _row_variant("sign"),
                "your step climbs the cost: with the error written one way round, the update must be applied "
                "with the matching sign, as the seed's code does; you changed one of the two signs without the "
                "other.", SEC_ROWS),
        Variant("the stack averaged instead of summed", _row_variant("mean"),
                "the row form's products sum the gradients of the reviews in the stack, as the seed's code does; "
                "you divided by their number. (nnlib averages, which is why it needs η times the stack size.)",
                SEC_COLUMNS),
    )


ASSIGNMENT = Assignment("10_sentiment_network", [("row_step", 4)],
                        withheld=["nnlib.network:Network.update_mini_batch", "nnlib.network:Network.fit",
                                  "nnlib.network:Network._train_batch", "nnlib.network:Network.backprop",
                                  "nnlib.network:Network._backprop", "nnlib.network:Network.deltas", "nnlib.autodiff:*"])
QUESTIONS = (RowStep(),)
