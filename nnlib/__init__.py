"""nnlib: the small numpy library of the backprop course.

``import nnlib`` loads only numpy and the core: the network, its activations
and costs, the computation-graph nodes and the gradient checker.  The modules
that need heavier packages load when first used:

* ``nnlib.symbolic`` (SymPy): derivations checked against ``sympy.diff``;
* ``nnlib.plot`` (matplotlib): the course's figures;
* ``nnlib.data`` (scikit-learn's digits, the MNIST sample, XOR, reviews);
* ``nnlib.grading``: exercises, ``check(...)`` and the class grader;
* ``nnlib.autodiff`` and ``nnlib.layers``: a small reverse-mode engine with
  batch-norm and convolution nodes (lessons 12–13).
"""

import importlib

from . import activations, costs, gradcheck, graph
from .activations import sigmoid, sigmoid_prime
from .gradcheck import numerical_gradient, rel_error
from .network import Network

__all__ = [
    "Network",
    "sigmoid",
    "sigmoid_prime",
    "numerical_gradient",
    "rel_error",
    "activations",
    "costs",
    "gradcheck",
    "graph",
    "symbolic",
    "plot",
    "data",
    "grading",
    "autodiff",
    "layers",
]

__version__ = "0.1.0"

_LAZY = {"symbolic", "plot", "data", "grading", "autodiff", "layers"}


def __getattr__(name):
    # ``nnlib.symbolic`` etc. work after a plain ``import nnlib``, but load only when touched.
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")
