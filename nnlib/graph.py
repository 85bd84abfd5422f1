"""Computation-graph nodes with a forward and a backward pass (lesson 02, seed 003).

A node's ``backward(dout)`` takes the derivative of the final output with
respect to the node's output, and returns the derivatives with respect to its
inputs: the chain rule, one local derivative at a time.

* An add node passes ``dout`` unchanged to both inputs.
* A multiply node sends each input ``dout`` times the *other* input, so it must
  remember its inputs from the forward pass.

The apple example: 2 apples at 100 each, with 10% tax, cost 220.  Backward
from ``dprice = 1`` gives ``∂price/∂apple_price = 2.2``,
``∂price/∂count = 110`` and ``∂price/∂tax = 200``.
"""

__all__ = ["MulLayer", "AddLayer", "Graph", "draw_graph"]


class MulLayer:
    """``out = x · y``; backward: ``(dout · y, dout · x)``."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y  # kept for the backward pass
        return x * y

    def backward(self, dout):
        if self.x is None:
            raise RuntimeError("call forward before backward: a multiply node needs its inputs")
        return dout * self.y, dout * self.x


class AddLayer:
    """``out = x + y``; backward: ``(dout, dout)``."""

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1, dout * 1


class Graph:
    """A record of a computation as nodes and edges, for drawing (see ``draw_graph``).

    ``add_input(name, value)`` adds a leaf; ``add_op(name, op, inputs, value)``
    adds an operation node fed by earlier nodes.  After a backward pass,
    ``set_grad(name, g)`` attaches the derivative of the output to each node.
    """

    def __init__(self):
        self.nodes = {}   # name -> {"label", "value", "grad", "op"}
        self.edges = []   # (from, to)

    def add_input(self, name, value):
        self.nodes[name] = {"op": None, "value": value, "grad": None}
        return name

    def add_op(self, name, op, inputs, value):
        for parent in inputs:
            if parent not in self.nodes:
                raise KeyError(f"unknown input node {parent!r}; add it before {name!r}")
            self.edges.append((parent, name))
        self.nodes[name] = {"op": op, "value": value, "grad": None}
        return name

    def set_grad(self, name, grad):
        self.nodes[name]["grad"] = grad

    def layers(self):
        """Depth of each node: inputs at 0, every op one past its deepest input."""
        depth = {}
        for name in self.nodes:
            parents = [a for a, b in self.edges if b == name]
            depth[name] = 0 if not parents else 1 + max(depth[p] for p in parents)
        return depth


def draw_graph(graph, ax=None, title=None):
    """Draw a ``Graph`` left to right: forward values above each edge, derivatives (red) below."""
    from . import plot
    return plot.computation_graph(graph, ax=ax, title=title)
