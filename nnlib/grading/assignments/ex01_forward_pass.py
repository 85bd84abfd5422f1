"""Exercise 01: the bias unit as a column of weights, and the forward pass of a batch of columns."""

import numpy as np

from ...activations import sigmoid
from ..compare import ArgsFunction, ArrayFunction, Case, Variant, list_args
from ..spec import Assignment

SEC_BIAS_UNIT = "lesson 01, section 4 (“A bias unit is a bias vector”)"
SEC_LAYER = "lesson 01, sections 2 (“A layer is a matrix product”) and 5 (“Shapes”)"
SEC_BATCH = "lesson 01, sections 5 (“Shapes”) and 6 (“A whole batch in one product per layer”)"
SEC_COLUMN = "lesson 01, section 7 (“Why must x be an (n, 1) column? (seed 004)”)"
SEC_NEURON = "lesson 01, sections 1 (“One neuron”) and 2 (“A layer is a matrix product”)"


class WithBiasUnit(ArrayFunction):
    name = "with_bias_unit"
    title = "one layer's weights for an input with the bias unit x₀ = 1 on top"
    lesson = "01_forward_pass"
    allowed = "numpy"
    arg_names = ("W", "b")

    def solution(self, W, b):
        return np.hstack([b, W])

    def cases(self, rng, public):
        if public:
            dims = [(3, 2), (1, 4), (3, 3)]                   # (n_l, n_{l-1}); the last is square
        else:
            a, c = (int(v) for v in rng.choice(np.arange(2, 7), size=2, replace=False))
            dims = [(a, c), (1, c), (a, a)]
        out = []
        for n, n_prev in dims:
            W, b = rng.standard_normal((n, n_prev)), rng.standard_normal((n, 1))
            out.append(Case(f"W of shape {W.shape}, b of shape {b.shape}", {"W": W, "b": b}))
        return out

    variants = (
        Variant("the bias column at the end", lambda W, b: np.hstack([W, b]),
                "the constant input x₀ = 1 sits on top of the input column, so its weights belong in the column "
                "that multiplies the first input, not the last.", SEC_BIAS_UNIT),
        Variant("the bias as a row", lambda W, b: np.vstack([b.T, W]),
                "rows of the matrix are the units of the layer and columns are its inputs; the bias unit is one "
                "more input, so it adds a column. A row would be one more unit.", SEC_BIAS_UNIT),
        Variant("ones instead of the biases", lambda W, b: np.hstack([np.ones_like(b), W]),
                "the bias unit's value x₀ is 1, but the weights on it are the biases b of the layer's units; "
                "the matrix holds weights, not the unit's value.", SEC_BIAS_UNIT),
    )


def _ff_variant(kind):
    def feedforward(weights, biases, X):
        if kind == "slices":                                   # each example as a 1-D slice X[:, k]
            outs = []
            for k in range(X.shape[1]):
                a = X[:, k]
                for W, b in zip(weights, biases):
                    a = sigmoid(W @ a + b)
                outs.append(a)
            return np.hstack(outs)
        a = sigmoid(X) if kind == "input" else X
        for i, (W, b) in enumerate(zip(weights, biases)):
            if kind == "rows":
                z = a @ W + b
            elif kind == "bias_row":
                z = W @ a + b.T
            else:
                z = W @ a + b
            a = z if (kind == "linear_out" and i == len(weights) - 1) else sigmoid(z)
        return a
    return feedforward


class Feedforward(ArgsFunction):
    name = "feedforward"
    title = "the output a^L of a sigmoid network for a batch X with one example per column"
    lesson = "01_forward_pass"
    allowed = "numpy and nnlib.sigmoid"
    arg_names = ("weights", "biases", "X")
    lists = ("weights", "biases")

    def solution(self, weights, biases, X):
        from ...network import Network
        net = Network([X.shape[0]] + [W.shape[0] for W in weights], seed=0)
        net.weights, net.biases = list(weights), list(biases)
        return net.feedforward(X)

    def cases(self, rng, public):
        if public:
            plans = [([2, 3, 1], 4), ([3, 4, 2], 1), ([2, 4, 3, 2], 5), ([3, 3, 3], 3)]
        else:
            a, b, c = (int(v) for v in rng.choice(np.arange(2, 7), size=3, replace=False))
            n = int(rng.integers(2, 6))
            plans = [([a, b, c], int(rng.integers(7, 10))), ([c, a, b, 1], 1), ([b, c + 1, a, c], int(rng.integers(7, 10))),
                     ([n, n, n], n)]
        out = []
        for sizes, m in plans:
            weights = [rng.standard_normal((sizes[l], sizes[l - 1])) / np.sqrt(sizes[l - 1]) for l in range(1, len(sizes))]
            biases = [rng.standard_normal((sizes[l], 1)) for l in range(1, len(sizes))]
            X = rng.standard_normal((sizes[0], m))
            what = "one example" if m == 1 else f"a batch of {m} examples"
            square = " (every matrix square)" if len(set(sizes)) == 1 and m == sizes[0] else ""
            out.append(Case(f"a {sizes} network, {what}: X of shape {X.shape}{square}",
                            {**list_args("weights", weights), **list_args("biases", biases), "X": X}))
        return out

    variants = (
        Variant("a @ W: the row-form orientation", _ff_variant("rows"),
                "W^l has one row per unit of layer l and one column per unit of layer l − 1, and the examples are "
                "columns; a @ W multiplies in the row-form order. With unequal sizes numpy refuses it, with square "
                "matrices it silently computes something else.", SEC_LAYER),
        Variant("the bias added as a row", _ff_variant("bias_row"),
                "b^l is a column, one bias per unit, and numpy adds a column to every example's column. A row "
                "(b.T, or a 1-D b) is broadcast across the examples instead: example k gets the bias of unit k.",
                SEC_BATCH),
        Variant("a 1-D x: each example taken as X[:, k]", _ff_variant("slices"),
                "X[:, k] is a 1-D array; the product with W is 1-D too, and adding the column b broadcasts the two "
                "into a matrix of nonsense, with no error. Keep an example a column (X[:, [k]]), or better, push the "
                "whole batch through each layer at once.", SEC_COLUMN),
        Variant("σ applied to the input layer", _ff_variant("input"),
                "layer 0 is the input itself: a⁰ = x, with no activation. σ acts on the weighted inputs of "
                "layers 1 … L only.", SEC_NEURON),
        Variant("no σ on the output layer", _ff_variant("linear_out"),
                "every layer of this network, the last one included, applies σ to its weighted input; your result "
                "is the last layer's weighted input z^L.", SEC_NEURON),
    )


ASSIGNMENT = Assignment("01_forward_pass", [("with_bias_unit", 2), ("feedforward", 4)],
                        withheld=["nnlib.network:Network.feedforward", "nnlib.network:Network.forward",
                                  "nnlib.network:Network._forward", "nnlib.network:Network.predict", "nnlib.autodiff:*"])
QUESTIONS = (WithBiasUnit(), Feedforward())
