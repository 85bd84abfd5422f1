"""Computation-graph nodes with a forward and a backward pass (lesson 02, seed 003).

A node's ``backward(dout)`` takes the derivative of the final output with
respect to the node's output, and returns the derivatives with respect to its
inputs: the chain rule, one local derivative at a time.

* An add node passes ``dout`` unchanged to both inputs (``∂(x + y)/∂x = 1``).
* A multiply node sends each input ``dout`` times the *other* input
  (``∂(xy)/∂x = y``), so it must remember its inputs from the forward pass.

The apple example: 2 apples at 100 each, with 10% tax, cost 220.  Backward
from ``dprice = 1`` gives ``∂price/∂apple_price = 2.2``,
``∂price/∂count = 110`` and ``∂price/∂tax = 200``.

:class:`Graph` records a whole computation as nodes and edges.  Its
``backward`` walks the nodes from the output back to the inputs with the same
two local rules, and *adds* the contributions of every path into a node: the
multivariable chain rule, and the reason ``x · x`` has derivative ``2x``.
"""

__all__ = ["MulLayer", "AddLayer", "Graph", "draw_graph"]


class MulLayer:
    """A multiply node: ``out = x · y``; backward: ``(dout · y, dout · x)``.

    ``x`` and ``y`` may be numbers or numpy arrays of one shape (the product is
    elementwise); the derivatives come back in the same shapes.
    """

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        """Return ``x · y`` and remember both inputs for the backward pass."""
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        """Return ``(∂out/∂x, ∂out/∂y)`` times ``dout``: each input receives the other one."""
        if self.x is None:
            raise RuntimeError("call forward before backward: a multiply node needs its inputs")
        return dout * self.y, dout * self.x


class AddLayer:
    """An add node: ``out = x + y``; backward: ``(dout, dout)``.

    It needs nothing from the forward pass, since ``∂(x + y)/∂x = ∂(x + y)/∂y = 1``.
    """

    def forward(self, x, y):
        """Return ``x + y``."""
        return x + y

    def backward(self, dout):
        """Return ``(dout, dout)``: an add node hands the upstream derivative to both inputs."""
        return dout * 1, dout * 1


_LOCAL = {  # op -> (forward, local derivatives with respect to each input)
    "+": (lambda x, y: x + y, lambda x, y: (1, 1)),
    "×": (lambda x, y: x * y, lambda x, y: (y, x)),
}
_LOCAL["*"] = _LOCAL["×"]


class Graph:
    """A record of a computation as nodes and edges, for the backward pass and for drawing.

    ``add_input(name, value)`` adds a leaf; ``add_op(name, op, inputs, value)``
    adds an operation node fed by earlier nodes.  For the ops ``"+"`` and
    ``"×"`` (or ``"*"``) with two inputs, ``value`` may be left out and is
    computed, and :meth:`backward` fills in every node's derivative.  Other
    ops (``"**2"``, ``"σ"``, …) are recorded for drawing; attach their
    derivatives with ``set_grad(name, g)``.
    """

    def __init__(self):
        self.nodes = {}   # name -> {"op", "value", "grad"}; insertion order is a topological order
        self.edges = []   # (from, to), once per use: x · x has the edge (x, out) twice

    def add_input(self, name, value):
        """Add a leaf (an input or parameter) and return its name."""
        self._new(name)
        self.nodes[name] = {"op": None, "value": value, "grad": None}
        return name

    def add_op(self, name, op, inputs, value=None):
        """Add an operation fed by earlier nodes and return its name.

        Parameters
        ----------
        name : str
        op : str
            ``"+"`` or ``"×"`` for nodes that ``backward`` understands, any label otherwise.
        inputs : list of str
            Names of earlier nodes, in argument order; a name may appear twice.
        value : optional
            The node's forward value; computed from the inputs when omitted for ``"+"`` and ``"×"``.
        """
        self._new(name)
        for parent in inputs:
            if parent not in self.nodes:
                raise KeyError(f"unknown input node {parent!r}; add it before {name!r}")
        if value is None:
            if op not in _LOCAL or len(inputs) != 2:
                raise ValueError(f"cannot compute the value of op {op!r} with {len(inputs)} inputs; pass value=")
            value = _LOCAL[op][0](*(self.nodes[p]["value"] for p in inputs))
        for parent in inputs:
            self.edges.append((parent, name))
        self.nodes[name] = {"op": op, "value": value, "grad": None}
        return name

    def _new(self, name):
        if name in self.nodes:
            raise ValueError(f"a node named {name!r} already exists; node names must be unique")

    def set_grad(self, name, grad):
        """Attach ``∂output/∂name`` to a node (shown in red by ``draw_graph``)."""
        if name not in self.nodes:
            raise KeyError(f"unknown node {name!r}; the graph has {list(self.nodes)}")
        self.nodes[name]["grad"] = grad

    def inputs_of(self, name):
        """The names feeding ``name``, in argument order."""
        return [a for a, b in self.edges if b == name]

    def backward(self, output=None, dout=1.0):
        """Fill in ``∂output/∂node`` for every node, by the chain rule from the output back.

        Nodes are visited in reverse order of creation, so every node is
        finished before its inputs are reached.  Each operation hands its
        inputs ``grad × local derivative``, and an input that is reached by
        several paths *adds* them (``+=``).

        Parameters
        ----------
        output : str, optional
            The node to differentiate; by default the last one added.
        dout : number
            ``∂output/∂output``, normally 1.

        Returns
        -------
        dict
            ``{name: ∂output/∂name}`` for the output and every node it depends on.
        """
        names = list(self.nodes)
        output = names[-1] if output is None else output
        if output not in self.nodes:
            raise KeyError(f"unknown node {output!r}; the graph has {names}")
        grads = {output: dout}
        for name in reversed(names[:names.index(output) + 1]):
            if name not in grads or self.nodes[name]["op"] is None:
                continue
            op, parents = self.nodes[name]["op"], self.inputs_of(name)
            if op not in _LOCAL or len(parents) != 2:
                raise ValueError(f"backward knows the ops '+' and '×' with two inputs; node {name!r} is {op!r} "
                                 f"with {len(parents)} inputs, so set its inputs' derivatives with set_grad")
            local = _LOCAL[op][1](*(self.nodes[p]["value"] for p in parents))
            for parent, d in zip(parents, local):
                grads[parent] = grads.get(parent, 0) + grads[name] * d   # paths into one node add up
        for name, grad in grads.items():
            self.nodes[name]["grad"] = grad
        return grads

    def layers(self):
        """Depth of each node: inputs at 0, every op one past its deepest input."""
        depth = {}
        for name in self.nodes:
            parents = self.inputs_of(name)
            depth[name] = 0 if not parents else 1 + max(depth[p] for p in parents)
        return depth


def draw_graph(graph, ax=None, title=None):
    """Draw a ``Graph`` left to right: forward values above each node, derivatives (red) below."""
    from . import plot
    return plot.computation_graph(graph, ax=ax, title=title)
