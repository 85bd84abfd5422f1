"""The assignments: which questions each exercise notebook grades, their points, and what counts as cheating.

Points are stated twice on purpose: here, and in each notebook's question
headings (``## Question 2: `output_delta` (2 points)``).  The grader reads
them from the assignment notebook it is given; ``build`` and the self-tests
fail when the two disagree.

``forbidden`` lists what a graded answer may not call, because it *is* the
answer: nnlib's own reference for a function of the assignment.  It is
checked twice (see :mod:`nnlib.grading.static` and the harness's tripwires):

* ``paths``: dotted names under ``nnlib`` (or other packages) that graded code
  must not touch, e.g. ``nnlib.sigmoid_prime``;
* ``methods``: attribute names that graded code must not call on anything,
  e.g. ``net.backprop``;
* ``tripwires``: ``(module, attribute)`` pairs the harness wraps while the
  student's function runs, so that reaching the reference indirectly (through
  ``getattr``, an alias, a helper) is seen too.
"""

import re
from dataclasses import dataclass, field

__all__ = ["Assignment", "ASSIGNMENTS", "get_assignment", "parse_points", "HEADING"]

_SIGMOID_REFS = dict(
    paths=["nnlib.sigmoid_prime", "nnlib.activations.sigmoid_prime", "nnlib.activations.Sigmoid",
           "nnlib.activations.get_activation", "nnlib.activations.ACTIVATIONS", "nnlib.costs", "nnlib.symbolic",
           "nnlib.gradcheck.network_numerical_gradient", "nnlib.network.Network.backprop"],
    methods=["backprop", "_backprop", "deltas", "_deltas", "prime", "backward", "network_numerical_gradient"],
    tripwires=[("nnlib", "sigmoid_prime"), ("nnlib.activations", "sigmoid_prime"),
               ("nnlib.activations", "Sigmoid.prime"), ("nnlib.activations", "Sigmoid.backward"),
               ("nnlib.costs", "QuadraticCost.delta"), ("nnlib.network", "Network.backprop"),
               ("nnlib.network", "Network._backprop"), ("nnlib.network", "Network.deltas"),
               ("nnlib.network", "Network._deltas"), ("nnlib.gradcheck", "network_numerical_gradient")],
)


@dataclass
class Assignment:
    """One exercise notebook: its questions in order with their points, and its forbidden references."""

    name: str
    questions: list
    paths: list = field(default_factory=list)
    methods: list = field(default_factory=list)
    tripwires: list = field(default_factory=list)

    @property
    def points(self):
        return dict(self.questions)

    @property
    def max_score(self):
        return sum(p for _, p in self.questions)


ASSIGNMENTS = {a.name: a for a in (
    Assignment("02_computation_graphs", [("MulLayer", 2), ("AddLayer", 2), ("chain_rule_symbolic", 1)],
               paths=["nnlib.graph", "nnlib.symbolic"],
               tripwires=[("nnlib.graph", "MulLayer.forward"), ("nnlib.graph", "MulLayer.backward"),
                          ("nnlib.graph", "AddLayer.forward"), ("nnlib.graph", "AddLayer.backward")]),
    Assignment("03_output_delta", [("sigmoid_prime", 2), ("sigmoid_prime_symbolic", 2), ("output_delta", 2),
                                   ("cross_entropy_delta_symbolic", 2)], **_SIGMOID_REFS),
    Assignment("04_recursive_delta", [("sigmoid_prime", 1), ("hidden_delta", 3)], **_SIGMOID_REFS),
    Assignment("05_weight_gradients", [("sigmoid_prime", 1), ("output_delta", 1), ("hidden_delta", 1),
                                       ("weight_gradient", 2), ("bias_gradient", 2), ("backprop", 4)], **_SIGMOID_REFS),
    Assignment("06_gradient_checking", [("numerical_gradient", 3)],
               paths=["nnlib.numerical_gradient", "nnlib.gradcheck"],
               tripwires=[("nnlib", "numerical_gradient"), ("nnlib.gradcheck", "numerical_gradient"),
                          ("nnlib.gradcheck", "network_numerical_gradient")]),
    Assignment("07_minibatch_sgd", [("update_mini_batch", 3)],
               methods=["update_mini_batch", "_train_batch", "fit"],
               tripwires=[("nnlib.network", "Network.update_mini_batch"), ("nnlib.network", "Network._train_batch"),
                          ("nnlib.network", "Network.fit")]),
    Assignment("09_digits", [("train_digits", 3)],
               paths=["nnlib.data.load_digits", "nnlib.data.load_mnist_sample", "nnlib.data.split", "sklearn"],
               tripwires=[("nnlib.data", "load_digits"), ("nnlib.data", "split")]),
)}


def get_assignment(name):
    """The assignment called ``NN_slug`` (or just ``NN``), or ``KeyError`` listing the known ones."""
    if name in ASSIGNMENTS:
        return ASSIGNMENTS[name]
    matches = [a for key, a in ASSIGNMENTS.items() if key.split("_", 1)[0] == name]
    if len(matches) == 1:
        return matches[0]
    raise KeyError(f"no assignment named {name!r}; known: {', '.join(ASSIGNMENTS)}")


# ``## Question 2: `output_delta` (2 points)``: the one heading format the grader reads points from.
HEADING = re.compile(r"^#{1,4}\s*Question\s+(\d+)\s*:\s*`([A-Za-z_]\w*)`.*\((\d+(?:\.\d+)?)\s+points?\)\s*$", re.M)


def parse_points(nb):
    """``[(name, points), …]`` from the question headings of a notebook's Markdown cells, in order."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for _, name, pts in HEADING.findall(cell.source):
                value = float(pts)
                found.append((name, int(value) if value.is_integer() else value))
    return found
