"""Backpropagation derived by SymPy and checked against ``sympy.diff`` (lessons 03–05).

A :class:`SymbolicNetwork` has a symbol for every weight, bias, input and
target, so its cost ``J`` is one explicit formula.  It builds the BP1–BP4
expressions from the forward pass, exactly as the lessons write them, and
:meth:`SymbolicNetwork.verify` checks every entry of ``∂J/∂W^l`` and
``∂J/∂b^l`` against ``sympy.diff(J, w)``, the derivative taken the long way.

Activations are SymPy function classes whose derivative is known:

* ``g`` is a *generic* activation.  SymPy knows nothing about it except that
  its derivative is ``g'`` (``g_prime``), so a check with ``g`` holds for every
  differentiable activation.
* ``sigma`` is the logistic function with ``σ' = σ(1 − σ)`` (proved in lesson 03
  from ``1/(1 + e^{-z})``).

Because the derivative is a named function rather than a tangle of
exponentials, both sides of every check are polynomials in the symbols and
the function values, and ``sympy.expand`` decides equality without
``simplify``.

Indices follow COURSE.md and are 1-based in symbol names: ``w^{l}_{jk}`` is
row ``j``, column ``k`` of ``W^l``, for ``l = 1 … L``.
"""

import itertools
import time

import numpy as np
import sympy as sp

from .activations import sigmoid as _np_sigmoid
from .activations import sigmoid_prime as _np_sigmoid_prime

__all__ = ["g", "g_prime", "sigma", "SymbolicNetwork", "equal", "hadamard", "VerificationError"]


class g_prime(sp.Function):
    """``g'(z)``, the derivative of the generic activation; prints as ``g'``."""

    def _latex(self, printer, exp=None):
        base = r"g'\left(%s\right)" % printer._print(self.args[0])
        return base if exp is None else r"%s^{%s}" % (base, exp)

    def _sympystr(self, printer):
        return "g'(%s)" % printer._print(self.args[0])

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        arg = printer._print(self.args[0])
        return prettyForm(*prettyForm(*arg.parens()).left("g'"))


class g(sp.Function):
    """A generic activation function: all SymPy knows is that ``dg/dz = g'(z)``."""

    def fdiff(self, argindex=1):
        return g_prime(self.args[0])


class sigma(sp.Function):
    """The logistic function σ, with ``σ'(z) = σ(z)(1 − σ(z))``."""

    def fdiff(self, argindex=1):
        s = sigma(self.args[0])
        return s * (1 - s)

    def _latex(self, printer, exp=None):
        base = r"\sigma\left(%s\right)" % printer._print(self.args[0])
        return base if exp is None else r"%s^{%s}" % (base, exp)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))


ACTIVATIONS = {"g": g, "sigmoid": sigma}

# How lambdify turns the symbolic activations into numbers.
NUMERIC = {"g": _np_sigmoid, "g_prime": _np_sigmoid_prime, "sigma": _np_sigmoid}


def equal(a, b):
    """``True`` when ``a − b`` expands to zero: equality decided without ``simplify``."""
    return sp.expand(a - b) == 0


def hadamard(A, B):
    """``A ⊙ B``, the elementwise (Hadamard) product of two matrices of the same shape.

    Unlike numpy, SymPy never broadcasts: different shapes raise
    ``sympy.ShapeError``, which is how a wrong BP2 can fail loudly (lesson 04).
    """
    return A.multiply_elementwise(B)


class VerificationError(AssertionError):
    """Raised when a BP expression differs from ``sympy.diff`` of the cost."""


def _derivative(f):
    """``f'`` as an expression builder for the activation class ``f``."""
    t = sp.Dummy("t")
    d = sp.diff(f(t), t)
    return lambda z: d.subs(t, z)


class SymbolicNetwork:
    """A small network whose every quantity is a SymPy expression.

    Parameters
    ----------
    sizes : list of int
        ``[n_0, …, n_L]``; keep it small (a few units per layer).
    activation : {"g", "sigmoid"} or a SymPy function class with ``fdiff``
        ``"g"`` is the generic activation.
    cost : {"quadratic", "cross_entropy"}
        Cross-entropy is the binary form, meant for a sigmoid output.
    m : int
        Number of examples in the batch; inputs are ``x_{i}`` when ``m = 1``
        and ``x_{i,k}`` for example ``k`` otherwise.
    lam : SymPy expression or number
        The L2 strength λ (``0`` leaves the term out; ``True`` uses the symbol λ).
    bias : bool

    Attributes
    ----------
    W, b : dict l -> Matrix
        ``W[l]`` is ``(n_l, n_{l-1})``, ``b[l]`` is ``(n_l, 1)``, for ``l = 1 … L``.
    X, Y : Matrix
        ``(n_0, m)`` inputs and ``(n_L, m)`` targets, examples as columns.
    z, a : dict l -> Matrix
        The forward pass, ``a[0] = X``.
    z_sym, a_sym : dict l -> Matrix
        Short symbols ``z^{l}_{j}`` and ``a^{l}_{j}`` that stand for the entries of
        ``z[l]`` and ``a[l]``: the "local" view of one layer used to take a single
        chain-rule factor, and by :meth:`compact` to print long expressions
        (``a_sym[0] = X``).
    J : expression
        ``(1/m) Σ_x C_x + (λ/2m) Σ_l ||W^l||²``.
    delta : dict l -> Matrix
        ``δ^l`` from BP1 and BP2, one column per example.
    grad_W, grad_b : dict l -> Matrix
        BP4 and BP3 averaged over the batch: ``(1/m) δ^l (A^{l-1})ᵀ + (λ/m) W^l`` and ``(1/m) Σ_x δ^l_x``.
    """

    def __init__(self, sizes, activation="g", cost="quadratic", m=1, lam=0, bias=True):
        if len(sizes) < 2 or any(int(n) < 1 for n in sizes):
            raise ValueError(f"sizes must list at least two positive layer widths, got {sizes!r}")
        if cost not in ("quadratic", "cross_entropy"):
            raise ValueError(f"unknown cost {cost!r}; choose 'quadratic' or 'cross_entropy'")
        self.sizes = [int(n) for n in sizes]
        self.L = len(sizes) - 1
        self.m = int(m)
        self.cost_name = cost
        self.bias = bias
        self.f = ACTIVATIONS[activation] if isinstance(activation, str) else activation
        self.f_prime = _derivative(self.f)
        self.lam = sp.Symbol("lambda", nonnegative=True) if lam is True else sp.sympify(0 if lam is False else lam)
        self._build_symbols()
        self._forward()
        self._cost()
        self._backward()
        self._delta_by_diff = {}

    # -------------------------------------------------------------- symbols
    def _build_symbols(self):
        n, m = self.sizes, self.m
        col = (lambda k: "") if m == 1 else (lambda k: f",{k + 1}")
        self.W, self.b = {}, {}
        for l in range(1, self.L + 1):
            self.W[l] = sp.Matrix(n[l], n[l - 1], lambda j, k, l=l: sp.Symbol(f"w^{{{l}}}_{{{j + 1}{k + 1}}}"))
            if self.bias:
                self.b[l] = sp.Matrix(n[l], 1, lambda j, _, l=l: sp.Symbol(f"b^{{{l}}}_{{{j + 1}}}"))
            else:
                self.b[l] = sp.zeros(n[l], 1)
        self.X = sp.Matrix(n[0], m, lambda i, k: sp.Symbol(f"x_{{{i + 1}{col(k)}}}"))
        self.Y = sp.Matrix(n[-1], m, lambda j, k: sp.Symbol(f"y_{{{j + 1}{col(k)}}}"))
        self.z_sym, self.a_sym = {}, {0: self.X}
        for l in range(1, self.L + 1):
            self.z_sym[l] = sp.Matrix(n[l], m, lambda j, k, l=l: sp.Symbol(f"z^{{{l}}}_{{{j + 1}{col(k)}}}"))
            self.a_sym[l] = sp.Matrix(n[l], m, lambda j, k, l=l: sp.Symbol(f"a^{{{l}}}_{{{j + 1}{col(k)}}}"))

    def _forward(self):
        ones = sp.ones(1, self.m)
        self.z, self.a = {}, {0: self.X}
        for l in range(1, self.L + 1):
            self.z[l] = self.W[l] * self.a[l - 1] + self.b[l] * ones   # z^l = W^l a^{l-1} + b^l
            self.a[l] = self.z[l].applyfunc(self.f)                       # a^l = σ(z^l)

    def _summed_cost(self, aL):
        """``Σ_x C_x`` for an output matrix ``aL`` of shape ``(n_L, m)``."""
        Y, m = self.Y, self.m
        if self.cost_name == "quadratic":
            return sum(sp.Rational(1, 2) * (aL[j, k] - Y[j, k]) ** 2 for j in range(aL.rows) for k in range(m))
        return -sum(Y[j, k] * sp.log(aL[j, k]) + (1 - Y[j, k]) * sp.log(1 - aL[j, k])
                    for j in range(aL.rows) for k in range(m))

    def _cost(self):
        per_example = self._summed_cost(self.a[self.L])
        penalty = sum(w ** 2 for l in self.W for w in self.W[l])
        self.J = per_example / self.m + self.lam / (2 * self.m) * penalty

    def _backward(self):
        L, fp = self.L, self.f_prime
        self.delta = {}
        if self.cost_name == "quadratic":
            # BP1: δ^L = (a^L − y) ⊙ σ'(z^L)
            self.delta[L] = (self.a[L] - self.Y).multiply_elementwise(self.z[L].applyfunc(fp))
        else:
            # BP1 with the cross-entropy: σ' cancels and δ^L = a^L − y (sigmoid output).
            self.delta[L] = self.a[L] - self.Y
        for l in range(L - 1, 0, -1):
            # BP2: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l)
            self.delta[l] = (self.W[l + 1].T * self.delta[l + 1]).multiply_elementwise(self.z[l].applyfunc(fp))
        ones = sp.ones(self.m, 1)
        self.grad_W = {l: self.delta[l] * self.a[l - 1].T / self.m + self.lam / self.m * self.W[l]
                       for l in self.delta}                                     # BP4, averaged
        self.grad_b = {l: self.delta[l] * ones / self.m for l in self.delta}    # BP3, averaged

    # ------------------------------------------------ δ the long way (lesson 04)
    def prime(self, M):
        """``σ'(M)`` elementwise, with this network's activation (``g'`` for the generic ``g``)."""
        return M.applyfunc(self.f_prime)

    def delta_by_diff(self, l):
        """``δ^l = ∂C_x/∂z^l`` computed by ``sympy.diff``, not by BP1/BP2 (lesson 04).

        ``z^l`` is an expression, not a symbol, so the cost is rebuilt from
        layer ``l`` on with a fresh symbol ``ζ_{jk}`` in place of each entry of
        ``z^l``; the derivative with respect to ``ζ_{jk}`` is then evaluated at
        ``ζ = z^l``.  Column ``k`` is example ``k``'s ``δ^l``, the derivative of
        its own cost ``C_x`` (the sum over the batch, without ``1/m`` and
        without the L2 term, which does not depend on ``z^l``).

        Parameters
        ----------
        l : int, 1 … L

        Returns
        -------
        Matrix, shape (n_l, m)
        """
        if not 1 <= l <= self.L:
            raise ValueError(f"layer l must be in 1 … {self.L}, got {l!r}")
        if l not in self._delta_by_diff:
            n_l, m = self.sizes[l], self.m
            zeta = sp.Matrix(n_l, m, lambda j, k: sp.Dummy(f"zeta_{j + 1}{k + 1}"))
            a = zeta.applyfunc(self.f)
            ones = sp.ones(1, m)
            for k in range(l + 1, self.L + 1):
                a = (self.W[k] * a + self.b[k] * ones).applyfunc(self.f)
            cost = self._summed_cost(a)
            at_z = dict(zip(zeta, self.z[l]))
            self._delta_by_diff[l] = zeta.applyfunc(lambda t: sp.diff(cost, t).xreplace(at_z))
        return self._delta_by_diff[l]

    def check_delta_rule(self, rule, layers=None):
        """Compare a candidate BP2 with ``sympy.diff``, entry by entry, layer by layer (lesson 04).

        Parameters
        ----------
        rule : callable
            ``rule(net, l)`` returns the candidate ``δ^l`` as a Matrix, built from
            this network's attributes (``net.W``, ``net.delta``, ``net.z``, …).
            It may raise ``sympy.ShapeError``.
        layers : iterable of int, optional
            Hidden layers to check; by default ``L − 1, …, 1``.

        Returns
        -------
        dict l -> str
            ``"equal"`` when every entry equals :meth:`delta_by_diff`,
            ``"differs"`` when the shape is right but some entry is not, and
            ``"shape error"`` when the rule cannot be evaluated or gives the
            wrong shape.
        """
        verdicts = {}
        for l in (range(self.L - 1, 0, -1) if layers is None else layers):
            truth = self.delta_by_diff(l)
            try:
                candidate = rule(self, l)
            except sp.ShapeError:
                verdicts[l] = "shape error"
                continue
            if candidate.shape != truth.shape:
                verdicts[l] = "shape error"
            elif all(equal(c, t) for c, t in zip(candidate, truth)):
                verdicts[l] = "equal"
            else:
                verdicts[l] = "differs"
        return verdicts

    def compact(self, expr):
        """Rewrite ``expr`` with the short symbols ``z^{l}_{j}``, ``a^{l}_{j}`` for display.

        The forward-pass expressions nest (``a^2`` contains ``z^2``, which
        contains ``a^1``, …), so they are replaced from the output layer
        inwards.  Only the printing changes: the result is the same function of
        the weights once the short symbols are read as the layer values.
        Works on expressions and matrices.
        """
        for l in range(self.L, 0, -1):
            to_a = {self.f(z): a for z, a in zip(self.z[l], self.a_sym[l])}
            to_z = dict(zip(self.z[l], self.z_sym[l]))
            expr = expr.xreplace(to_a).xreplace(to_z)
        return expr

    def full(self, expr):
        """The inverse of :meth:`compact`: replace every short symbol by its forward-pass expression.

        An expression written with ``z^{l}_{j}`` and ``a^{l}_{j}`` (say, one
        chain-rule path worked out by hand) becomes a function of the weights,
        biases, inputs and targets alone, ready to compare with ``sympy.diff(J, ·)``.
        """
        back = {}
        for l in range(1, self.L + 1):
            back.update(zip(self.z_sym[l], self.z[l]))
            back.update(zip(self.a_sym[l], self.a[l]))
        return expr.xreplace(back)

    # --------------------------------------------------------- verification
    def parameters(self):
        """``[(name, l, Matrix), …]`` for every ``W^l`` and (with biases) ``b^l``."""
        out = []
        for l in range(1, self.L + 1):
            out.append((f"W{l}", l, self.W[l]))
            if self.bias:
                out.append((f"b{l}", l, self.b[l]))
        return out

    def check_entries(self):
        """Compare every entry of BP3/BP4 with ``sympy.diff(J, ·)``.

        Returns
        -------
        list of tuple
            ``(symbol, bp_expression, diff_expression, equal)`` per weight and bias.
        """
        rows = []
        for name, l, P in self.parameters():
            G = self.grad_W[l] if name.startswith("W") else self.grad_b[l]
            for j, k in itertools.product(range(P.rows), range(P.cols)):
                by_diff = sp.diff(self.J, P[j, k])
                rows.append((P[j, k], G[j, k], by_diff, equal(G[j, k], by_diff)))
        return rows

    def verify(self):
        """Check every ``∂J/∂w`` and ``∂J/∂b`` against ``sympy.diff``; raise if any differs.

        Returns
        -------
        dict
            ``{"checked": number of entries, "seconds": time taken}``.
        """
        start = time.perf_counter()
        rows = self.check_entries()
        wrong = [str(sym) for sym, _, _, ok in rows if not ok]
        if wrong:
            raise VerificationError(f"BP3/BP4 differ from sympy.diff of J for {len(wrong)} entries: {', '.join(wrong[:8])}")
        return {"checked": len(rows), "seconds": time.perf_counter() - start}

    # ------------------------------------------------------------- numbers
    def _arguments(self):
        args = [w for l in self.W for w in self.W[l]]
        if self.bias:
            args += [b for l in self.b for b in self.b[l]]
        args += list(self.X) + list(self.Y)
        if isinstance(self.lam, sp.Symbol):
            args.append(self.lam)
        return args

    def _pack(self, weights, biases, X, Y, lam):
        values = [float(v) for W in weights for v in np.asarray(W, dtype=float).ravel()]
        if self.bias:
            values += [float(v) for b in biases for v in np.asarray(b, dtype=float).ravel()]
        # sympy's Matrix is row-major, like numpy's ravel.
        values += list(np.asarray(X, dtype=float).ravel()) + list(np.asarray(Y, dtype=float).ravel())
        if isinstance(self.lam, sp.Symbol):
            values.append(float(lam))
        return values

    def lambdify(self, numeric=None):
        """Turn ``J``, BP3 and BP4 into a numpy function.

        Parameters
        ----------
        numeric : dict, optional
            Numeric stand-ins for the activation functions by name; by default
            ``g`` and ``sigma`` become the sigmoid and ``g_prime`` its derivative.

        Returns
        -------
        callable
            ``f(weights, biases, X, Y, lam=0.0) -> (J, nabla_b, nabla_w)``, taking
            and returning lists of numpy arrays in the shapes of ``nnlib.Network``.
        """
        modules = [dict(NUMERIC, **(numeric or {})), "numpy"]
        args = self._arguments()
        L = self.L
        exprs = [self.J] + [self.grad_b[l] for l in range(1, L + 1)] + [self.grad_W[l] for l in range(1, L + 1)]
        # cse=True: every layer's z appears again inside each later layer; without common-subexpression
        # elimination the generated code repeats them and lambdify takes seconds instead of a fraction.
        fn = sp.lambdify(args, exprs, modules=modules, cse=True)

        def evaluate(weights, biases, X, Y, lam=0.0):
            out = fn(*self._pack(weights, biases, X, Y, lam))
            J = float(out[0])
            nabla_b = [np.asarray(v, dtype=float).reshape(self.sizes[l], 1) for l, v in zip(range(1, L + 1), out[1:L + 1])]
            nabla_w = [np.asarray(v, dtype=float).reshape(self.sizes[l], self.sizes[l - 1])
                       for l, v in zip(range(1, L + 1), out[L + 1:])]
            return J, (nabla_b if self.bias else []), nabla_w

        return evaluate

    def lambdify_delta(self, numeric=None):
        """Turn ``δ^1 … δ^L`` (BP1 and BP2) into a numpy function (lesson 04).

        Parameters
        ----------
        numeric : dict, optional
            As in :meth:`lambdify`.

        Returns
        -------
        callable
            ``f(weights, biases, X, Y, lam=0.0) -> deltas``, a list of ``(n_l, m)``
            arrays in the layout of ``nnlib.Network.deltas``.
        """
        modules = [dict(NUMERIC, **(numeric or {})), "numpy"]
        deltas = [self.delta[l] for l in range(1, self.L + 1)]
        fn = sp.lambdify(self._arguments(), deltas, modules=modules, cse=True)  # cse=True: see lambdify

        def evaluate(weights, biases, X, Y, lam=0.0):
            out = fn(*self._pack(weights, biases, X, Y, lam))
            return [np.asarray(v, dtype=float).reshape(self.sizes[l], self.m) for l, v in zip(range(1, self.L + 1), out)]

        return evaluate
