"""Exercise 09: train a network on the 8×8 digits to a stated test accuracy."""

import numpy as np

from ..compare import Case, Question, Variant, describe, raised_message
from ..i18n import t
from ..serialize import Raised
from ..spec import Assignment

SEC_DIGITS = "lesson 09, section 2 (“Nielsen's network on the 8×8 digits”)"


class TrainDigits(Question):
    name = "train_digits"
    section = SEC_DIGITS
    allowed = "nnlib.Network with its fit and evaluate, nnlib.data.one_hot, and numpy"
    title = "train a network on the 8×8 digits to a test accuracy"
    answer_forms = ("Network([64, 30, 10]", "[64, 30, 10] network", "eta=3.0", "η = 3.0", "η (3.0", "3.0 works",
                    "epochs=20", "batch_size=10")
    lesson = "09_digits"
    kind = "training"
    thresholds = (0.80, 0.90, 0.93)

    call_kind = "train"

    def solution(self, X_train, labels_train):
        from ...data import one_hot
        from ...network import Network
        net = Network([64, 30, 10], seed=1)
        net.fit(X_train, one_hot(labels_train, 10), epochs=30, batch_size=10, eta=3.0, seed=2)
        return net

    def reference(self, case):
        return None

    def cases(self, rng, public):
        from ...data import load_digits
        seed = 0 if public else int(rng.integers(1, 2**31))
        X_train, l_train, X_test, l_test = load_digits(test_fraction=0.2, seed=seed)
        return [Case(f"train on {X_train.shape[1]} digits, test on {X_test.shape[1]} held-out digits",
                     {"X_train": X_train, "labels_train": l_train}, private={"X_test": X_test, "labels_test": l_test})]

    def accuracy(self, case, got):
        """Rebuild the student's network in this process and measure its held-out accuracy, or explain why not."""
        from ...network import Network
        if isinstance(got, Raised):
            return None, raised_message(got)
        if not isinstance(got, dict) or not {"weights", "biases", "activations"} <= set(got):
            return None, t("expected an nnlib.Network, got {got}", got=describe(got))
        Ws, bs, acts = got["weights"], got["biases"], got["activations"]
        if not isinstance(Ws, list) or not Ws or not all(isinstance(W, np.ndarray) and W.ndim == 2 for W in Ws):
            return None, t("the network's weights are not a list of matrices")
        sizes = [Ws[0].shape[1]] + [W.shape[0] for W in Ws]
        if sizes[0] != 64 or sizes[-1] != 10:
            return None, t("the network has sizes {sizes}: it needs 64 inputs (8×8 pixels) and 10 outputs (digits 0–9)",
                           sizes=sizes)
        if any(W.shape[1] != n for W, n in zip(Ws, sizes[:-1])) or len(bs) != len(Ws) or \
                any(not isinstance(b, np.ndarray) or b.shape != (n, 1) for b, n in zip(bs, sizes[1:])):
            return None, t("the network's weights and biases have inconsistent shapes")
        if not isinstance(acts, list) or len(acts) != len(Ws) or not all(isinstance(a, str) for a in acts):
            return None, t("the network's activations are unreadable")
        try:
            net = Network(sizes, activations=acts)
        except (ValueError, TypeError) as err:
            return None, t("the network could not be rebuilt: {error}", error=err)
        net.weights = [W.astype(float) for W in Ws]
        net.biases = [b.astype(float) for b in bs]
        if not all(np.all(np.isfinite(W)) for W in net.weights + net.biases):
            return None, t("the network's parameters contain NaN or inf")
        with np.errstate(all="ignore"):
            return net.evaluate(case.private["X_test"], case.private["labels_test"]), ""

    def compare(self, case, expected, got, reveal):
        acc, msg = self.accuracy(case, got)
        if acc is None:
            return 0.0, msg
        met = [goal for goal in self.thresholds if acc >= goal]
        frac = len(met) / len(self.thresholds)
        n = case.private["labels_test"].size
        goals = ", ".join(f"{goal:.0%}" for goal in self.thresholds)
        text = t("test accuracy {accuracy:.1%} on {n} held-out digits; goals {goals}: {met} of {total} met", accuracy=acc,
                 n=n, goals=goals, met=len(met), total=len(self.thresholds))
        return frac, ("" if frac == 1.0 else text)

    def variant_results(self, cases):
        return {}

    def diagnose(self, cases, got, variant_results):
        """Training has no single wrong formula to compare with: the diagnosis comes from the accuracy reached."""
        if len(cases) != 1 or len(got) != 1:
            return None
        acc, msg = self.accuracy(cases[0], got[0])
        if acc is None:
            return None
        for v in self.variants:
            if v.impl(acc):
                return v
        return None

    variants = (
        Variant("near chance: below 25%", lambda acc: acc < 0.25,
                "the test accuracy is below 25%, not far from the 10% of guessing: the network learned little or "
                "nothing. It may be untrained, trained on targets that do not match its outputs (one column of "
                "ten per example), or trained with a step so large that its units saturated.", SEC_DIGITS),
        Variant("learned, but below 80%", lambda acc: 0.25 <= acc < 0.80,
                "the network learned something, but not enough: compare the number of epochs, η, the batch size "
                "and the hidden layer with the network that lesson 09 trains on these digits.", SEC_DIGITS),
        Variant("almost there", lambda acc: 0.80 <= acc < 0.93,
                "between 80% and 93%: more epochs, a larger hidden layer or another η usually closes the gap; "
                "lesson 09 shows what its network reaches on these digits.", SEC_DIGITS),
    )




ASSIGNMENT = Assignment("09_digits", [("train_digits", 3)],
                        withheld=[])     # training with nnlib's own Network.fit is the point of this one
QUESTIONS = (TrainDigits(),)
