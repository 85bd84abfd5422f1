"""Exercise 02: the multiply and add nodes of a computation graph, and the chain rule in SymPy."""

import numpy as np

from ..compare import Case, Question, Symbolic, Variant, _named
from ..spec import Assignment

SEC_GRAPH = "lesson 02, sections 2 (“The backward rules of two nodes”) and 4 (“Seed 003's apple”)"


def _make_mul(kind):
    class MulLayer:
        def __init__(self):
            self.x = self.y = None

        def forward(self, x, y):
            self.x, self.y = x, y
            return x * y

        def backward(self, dout):
            if kind == "own":
                return dout * self.x, dout * self.y
            if kind == "nodout":
                return self.y * 1.0, self.x * 1.0
            return dout * 1.0, dout * 1.0
    return MulLayer


def _make_add(kind):
    class AddLayer:
        def forward(self, x, y):
            self.x, self.y = x, y
            return x + y

        def backward(self, dout):
            if kind == "ones":
                return np.ones_like(np.asarray(dout, dtype=float)), np.ones_like(np.asarray(dout, dtype=float))
            if kind == "mul":
                return dout * self.y, dout * self.x
            return dout / 2, dout / 2
    return AddLayer


class GraphNode(Question):
    kind = "class"
    lesson = "02_computation_graphs"

    call_kind = "graph_node"

    def solution(self):
        raise NotImplementedError

    def reference(self, case):
        from ..serialize import to_plain
        return to_plain(self.call(self.reference_class, case))

    def cases(self, rng, public):
        def num():
            return np.array(float(rng.integers(1, 20)) if public else round(float(rng.uniform(-5, 5)), 3))
        single = Case("numbers: forward(x, y), then backward(dout)", {"x": num(), "y": num(), "dout": num()}, "single")
        arrays = Case("arrays of shape (2, 3)", {"x": rng.standard_normal((2, 3)), "y": rng.standard_normal((2, 3)),
                                                 "dout": rng.standard_normal((2, 3))}, "single")
        chain = Case(f"two {self.name}s in a chain ({self.chain_label}), backward from dout",
                     {"x": num(), "y": num(), "w": num(), "dout": np.array(1.0) if public else num()}, "chain")
        return [single, arrays, chain]

    def compare(self, case, expected, got, reveal):
        parts = ("forward", "dx", "dy") if case.mode == "single" else ("forward", "dx", "dy", "dw")
        ok, msg = _named(parts, expected, got, reveal)
        return (1.0 if ok else 0.0), msg


class MulLayerQuestion(GraphNode):
    name = "MulLayer"
    allowed = "numpy"
    title = "the multiply node: forward x·y, backward (dout·y, dout·x)"
    chain_label = "(x·y)·w, like apples × count × tax"

    @property
    def reference_class(self):
        from ...graph import MulLayer
        return MulLayer

    variants = (
        Variant("each input gets its own value", _make_mul("own"),
                "the derivative of x·y with respect to x is y: each input receives dout times the *other* input.",
                SEC_GRAPH),
        Variant("dout is ignored", _make_mul("nodout"),
                "backward must multiply the local derivative by the upstream derivative dout (the chain rule).",
                SEC_GRAPH),
        Variant("backward of an add node", _make_mul("add"),
                "passing dout straight through is the add node's rule; the multiply node scales it by the other input.",
                SEC_GRAPH),
    )


class AddLayerQuestion(GraphNode):
    name = "AddLayer"
    allowed = "numpy"
    title = "the add node: forward x + y, backward (dout, dout)"
    chain_label = "(x + y) + w"

    @property
    def reference_class(self):
        from ...graph import AddLayer
        return AddLayer

    variants = (
        Variant("returns 1 instead of dout", _make_add("ones"),
                "the local derivative of x + y is 1, but backward returns it times the upstream dout.", SEC_GRAPH),
        Variant("the multiply node's rule", _make_add("mul"),
                "an add node passes dout unchanged to both inputs; scaling by the other input is the multiply node.",
                SEC_GRAPH),
        Variant("dout split in half", _make_add("half"),
                "the derivative of x + y is 1 for each input: both receive the whole dout, not half of it.", SEC_GRAPH),
    )



SEC_CHAIN = "lesson 02, section 1 (“The chain rule”)"


class ChainRuleSymbolic(Symbolic):
    name = "chain_rule_symbolic"
    allowed = "sympy (for example sympy.diff)"
    title = "∂f/∂x for f = (x + y)² as a SymPy expression"
    lesson = "02_computation_graphs"
    symbols = ("x", "y")
    ranges = {"x": (-3.0, 3.0), "y": (-3.0, 3.0)}

    def expected(self, x, y):
        return 2 * (x + y)

    solution = expected

    @staticmethod
    def _v_f(x, y):
        return (x + y) ** 2

    @staticmethod
    def _v_2x(x, y):
        return 2 * x

    @staticmethod
    def _v_half(x, y):
        return x + y

    variants = (
        Variant("f itself, not its derivative", _v_f.__func__, "your expression is (x + y)² itself: differentiate it.",
                SEC_CHAIN),
        Variant("2x: the inner function is lost", _v_2x.__func__,
                "with t = x + y, ∂f/∂x = (df/dt)(∂t/∂x) = 2t · 1; the outer derivative is evaluated at t = x + y, not x.",
                SEC_CHAIN),
        Variant("x + y: the factor 2 is lost", _v_half.__func__, "d(t²)/dt = 2t.", SEC_CHAIN),
    )




ASSIGNMENT = Assignment("02_computation_graphs", [("MulLayer", 2), ("AddLayer", 2), ("chain_rule_symbolic", 1)],
                        withheld=["nnlib.graph:MulLayer", "nnlib.graph:AddLayer", "nnlib.graph:Graph.backward",
                                  "nnlib.autodiff:*"])
QUESTIONS = (MulLayerQuestion(), AddLayerQuestion(), ChainRuleSymbolic())
