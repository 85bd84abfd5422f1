"""Exercise 07: one step of mini-batch gradient descent."""

import numpy as np

from ..compare import Question, Variant, _named, compare_plain, describe
from ..i18n import t
from ..spec import Assignment
from .ex05_weight_gradients import _network_case

SEC_SGD = "lesson 07, section 2 (“Nielsen's update_mini_batch”)"


def _umb_variant(kind):
    def update_mini_batch(net, X, Y, eta):
        nabla_b, nabla_w = net.backprop(X, Y)
        m = X.shape[1]
        if kind == "nielsen":
            net.weights = [W - eta * nw for W, nw in zip(net.weights, nabla_w)]
            net.biases = [b - eta * nb for b, nb in zip(net.biases, nabla_b)]
            return None
        if kind == "inplace":
            for W, nw in zip(net.weights, nabla_w):
                W -= eta * nw
            for b, nb in zip(net.biases, nabla_b):
                b -= eta * nb
            return net.weights, net.biases
        sign = 1.0 if kind == "ascent" else -1.0
        step = eta / m if kind == "twice" else eta
        weights = [W + sign * step * nw for W, nw in zip(net.weights, nabla_w)]
        biases = [b.copy() for b in net.biases] if kind == "nobias" else \
            [b + sign * step * nb for b, nb in zip(net.biases, nabla_b)]
        return (biases, weights) if kind == "swap" else (weights, biases)
    return update_mini_batch


class UpdateMiniBatch(Question):
    name = "update_mini_batch"
    section = SEC_SGD
    allowed = "numpy and net.backprop (the gradient is given; this question is the step)"
    title = "one gradient-descent step on a mini-batch, returning new (weights, biases)"
    answer_forms = ("W - eta * nw", "b - eta * nb", "W - eta * nabla", "b - eta * nabla", "- eta * nabla_w",
                    "- eta * nabla_b", "- eta * nw", "- eta * nb", "W − η ∂J/∂W", "b − η ∂J/∂b", "W ← W − η",
                    "b ← b − η", "W^l − η", "b^l − η", "− η ∂J/∂", "- eta*", "− η·∂J")
    lesson = "07_minibatch_sgd"
    parts = ("the returned (weights, biases)", "net.weights", "net.biases")

    call_kind = "update"

    def solution(self, net, X, Y, eta):
        step = net.copy()
        step.update_mini_batch(X, Y, eta)
        return step.weights, step.biases

    def cases(self, rng, public):
        if public:
            plans = [([2, 3, 1], 4, 0.5), ([3, 4, 2], 6, 3.0), ([2, 2, 2, 2], 1, 1.0)]
        else:
            a, b = (int(v) for v in rng.integers(2, 6, size=2))
            plans = [([a, b, 2], int(rng.integers(3, 9)), float(rng.uniform(0.5, 3))),
                     ([b, a + 1, a, 1], int(rng.integers(2, 5)), float(rng.uniform(0.5, 3))),
                     ([a, a, b], 1, 1.5)]
        return [_network_case(rng, s, m, {"eta": np.array(eta)}) for s, m, eta in plans]

    def compare(self, case, expected, got, reveal):
        if isinstance(got, list) and len(got) == 3:
            for name, e, g in zip(self.parts[1:], expected[1:], got[1:]):
                ok, msg = compare_plain(e, g, reveal, where=name)
                if not ok:
                    return 0.0, t("your function changed net in place; return new lists and leave net as it was "
                                  "({message})", message=msg)
            ok, msg = _named(("the returned weights", "the returned biases"), expected[0], got[0], reveal)
            if not ok and not (isinstance(got[0], list) and len(got[0]) == 2):
                msg = t("expected a pair (weights, biases), got {got}", got=describe(got[0]))
            return (1.0 if ok else 0.0), msg
        ok, msg = _named(self.parts, expected, got, reveal)
        return (1.0 if ok else 0.0), msg

    variants = (
        Variant("gradient ascent: + instead of −", _umb_variant("ascent"),
                "your step goes along the gradient, the direction in which J grows fastest, so J increases; "
                "descent steps the other way.", SEC_SGD),
        Variant("divided by m twice", _umb_variant("twice"),
                "net.backprop (and your backprop) already returns the gradient of the mean cost, Δ/m; "
                "dividing the step by m again makes it m times too small.",
                "lesson 07, section 1 (“The gradient over a batch is a mean”) and “Why the mean and not the sum”"),
        Variant("the biases are not updated", _umb_variant("nobias"),
                "your biases come back unchanged; they are parameters of J too, and take a step of the same "
                "kind as the weights.", SEC_SGD),
        Variant("net changed in place", _umb_variant("inplace"),
                "your function changes net (an augmented assignment such as W -= …, for example, writes into the "
                "arrays that net holds); build new arrays and lists, and leave net's alone.", SEC_SGD),
        Variant("Nielsen's in-place update, returning nothing", _umb_variant("nielsen"),
                "Nielsen's update_mini_batch assigns self.weights and returns None; this contract asks for the "
                "new (weights, biases) to be returned, with net left unchanged.", SEC_SGD),
        Variant("(biases, weights) in the wrong order", _umb_variant("swap"),
                "return the new weights first, then the new biases.", SEC_SGD),
    )




ASSIGNMENT = Assignment("07_minibatch_sgd", [("update_mini_batch", 3)],
                        withheld=["nnlib.network:Network.update_mini_batch", "nnlib.network:Network._train_batch",
                                  "nnlib.network:Network.fit"])
QUESTIONS = (UpdateMiniBatch(),)
