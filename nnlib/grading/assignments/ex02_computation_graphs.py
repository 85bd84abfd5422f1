"""Exercise 02: the multiply and add nodes of a computation graph, and the chain rule in SymPy."""

import numpy as np

from ..compare import Case, Question, Symbolic, Variant, _named
from ..spec import Assignment

SEC_GRAPH = "lesson 02, sections 2 (“The backward rules of two nodes”) and 4 (“The apple”)"


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
    section = SEC_GRAPH
    allowed = "numpy"
    title = "the multiply node, forward and backward"
    answer_forms = ("(dout·y, dout·x)", "dout·y", "dout·x", "dout * y", "dout * x", "dout * self.y", "dout * self.x",
                    "y·dout", "x·dout", "y * dout", "x * dout", "dout times the other input",
                    "times the *other* input", "the other input")
    chain_label = "(x·y)·w, like apples × count × tax"

    @property
    def reference_class(self):
        from ...graph import MulLayer
        return MulLayer

    variants = (
        Variant("each input gets its own value", _make_mul("own"),
                "your dx is built from x and your dy from y. Differentiate x·y with respect to x while y is "
                "held fixed, and see which input is left.", SEC_GRAPH),
        Variant("dout is ignored", _make_mul("nodout"),
                "your backward returns the same pair whatever dout is. The chain rule combines each local "
                "derivative with dout, the derivative that arrives from the node's output.", SEC_GRAPH),
        Variant("backward of an add node", _make_mul("add"),
                "your backward passes dout through unchanged to both inputs, which is the add node's rule: the "
                "local derivatives of a product are not 1.", SEC_GRAPH),
    )


class AddLayerQuestion(GraphNode):
    name = "AddLayer"
    section = SEC_GRAPH
    allowed = "numpy"
    title = "the add node, forward and backward"
    answer_forms = ("(dout, dout)", "dout, dout", "dout * 1", "1 · dout", "the whole dout", "dout unchanged to both",
                    "passes dout unchanged")
    chain_label = "(x + y) + w"

    @property
    def reference_class(self):
        from ...graph import AddLayer
        return AddLayer

    variants = (
        Variant("returns 1 instead of dout", _make_add("ones"),
                "your backward returns ones whatever dout is: a local derivative alone. The chain rule combines "
                "it with dout, the derivative that arrives from the node's output.", SEC_GRAPH),
        Variant("the multiply node's rule", _make_add("mul"),
                "your backward multiplies dout by the inputs, as a multiply node does; the local derivatives of "
                "x + y do not depend on x or y.", SEC_GRAPH),
        Variant("dout split in half", _make_add("half"),
                "your backward gives each input half of dout. Differentiate x + y with respect to x alone: the "
                "number of terms in the sum does not enter it.", SEC_GRAPH),
    )



SEC_CHAIN = "lesson 02, section 1 (“The chain rule”)"


class ChainRuleSymbolic(Symbolic):
    name = "chain_rule_symbolic"
    section = SEC_CHAIN
    allowed = "sympy (for example sympy.diff)"
    title = "∂f/∂x for f = (x + y)² as a SymPy expression"
    answer_forms = ("2(x + y)", "2*(x + y)", "2 (x + y)", "2·(x + y)", "2*x + 2*y", "2x + 2y", "2 x + 2 y",
                    "2*(x+y)", "2t · 1", "= 2t", "2t")
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
        Variant("f itself, not its derivative", _v_f.__func__,
                "your expression equals f = (x + y)² itself (not differentiated, or the derivative of another "
                "function), not ∂f/∂x.", SEC_CHAIN),
        Variant("2x: the inner function is lost", _v_2x.__func__,
                "your expression is 2x, the derivative of x²: the inner function x + y became x on the way (y "
                "dropped, or the outer derivative evaluated at x). With t = x + y, the chain rule evaluates df/dt "
                "at t and multiplies by ∂t/∂x.", SEC_CHAIN),
        Variant("x + y: the factor 2 is lost", _v_half.__func__,
                "your expression is exactly half of ∂f/∂x: check the power rule for the outer square.", SEC_CHAIN),
    )




ASSIGNMENT = Assignment("02_computation_graphs", [("MulLayer", 2), ("AddLayer", 2), ("chain_rule_symbolic", 1)],
                        withheld=["nnlib.graph:MulLayer", "nnlib.graph:AddLayer", "nnlib.graph:Graph.backward",
                                  "nnlib.autodiff:*"])
QUESTIONS = (MulLayerQuestion(), AddLayerQuestion(), ChainRuleSymbolic())
