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

Indices follow COURSE.md and are 1-based in symbol names: ``w^l_jk`` is
row ``j``, column ``k`` of ``W^l``, for ``l = 1 … L``; with a batch, the
example index ``x`` comes last, after a comma: ``a^l_{j,x}`` (lesson 00), so
``a^2_{1,2}`` is unit 1 of layer 2 in example 2.
Every symbol prints readably in plain text (``a^2_{1,2}``), in Unicode
(``a²₁,₂``) and in LaTeX (``a^{2}_{1,2}``); see :func:`symbol` and :class:`Label`.
"""

import itertools
import time

import numpy as np
import sympy as sp

from .activations import sigmoid as _np_sigmoid
from .activations import sigmoid_prime as _np_sigmoid_prime

__all__ = ["g", "g_prime", "sigma", "SymbolicNetwork", "equal", "hadamard", "VerificationError", "symbol",
           "Label", "Lines"]


_SUPERSCRIPT = str.maketrans("0123456789()+-=Ll", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺⁻⁼ᴸˡ")
_SUBSCRIPT = str.maketrans("0123456789()+-=jkmi", "₀₁₂₃₄₅₆₇₈₉₍₎₊₋₌ⱼₖₘᵢ")
_SCRIPTABLE_UP = set("0123456789()+-=Ll")
_SCRIPTABLE_DOWN = set("0123456789()+-=jkmi,")


class IndexedSymbol(sp.Symbol):
    """A symbol with a superscript (the layer) and a subscript (unit, example) that prints well everywhere.

    SymPy's own printers misplace hand-written ``^{…}_{…}`` names in plain
    text (``w^{1}_{12}`` pretty-prints as ``w_{12}__{1}``), so the course's
    symbols are made by :func:`symbol`, which stores ``base^sup_sub`` and
    prints it as ``w^1_12`` (``str``), ``w¹₁₂`` (Unicode pretty printing, the
    notebooks' plain-text output) and ``w^{1}_{12}`` (LaTeX).  A subscript
    with a comma (``a^2_{1,2}``: unit 1, example 2) keeps its braces in
    ``str`` so that lists stay unambiguous.
    """

    def _parts(self):
        """``(base, sup, sub)`` from the stored name ``base^sup_sub`` (either part may be missing)."""
        head, _, sub = self.name.partition("_")
        base, _, sup = head.partition("^")
        return base, sup, sub

    def _sympystr(self, printer):
        base, sup, sub = self._parts()
        text = base + (f"^{sup}" if sup else "")
        if sub:
            text += f"_{{{sub}}}" if "," in sub else f"_{sub}"
        return text

    def _latex(self, printer, exp=None):
        base, sup, sub = self._parts()
        text = sp.latex(sp.Symbol(base)) + (f"^{{{sup}}}" if sup else "") + (f"_{{{sub}}}" if sub else "")
        return text if exp is None else r"\left(%s\right)^{%s}" % (text, exp)

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        base, sup, sub = self._parts()
        if not printer._use_unicode or not set(sup) <= _SCRIPTABLE_UP or not set(sub) <= _SCRIPTABLE_DOWN:
            return prettyForm(self._sympystr(printer))
        pretty_base = sp.pretty(sp.Symbol(base), use_unicode=True)
        return prettyForm(pretty_base + sup.translate(_SUPERSCRIPT) + sub.translate(_SUBSCRIPT))


def symbol(base, sup=None, sub=None, **assumptions):
    """A course symbol such as ``w^l_jk``, ``a^l_{j,x}`` or Ng's ``w^(1)_10``, readable in every printer.

    Parameters
    ----------
    base : str
        The letter, e.g. ``"w"``, ``"a"``, ``"delta"`` (Greek names print as the Greek letter).
    sup : int or str, optional
        The superscript, usually the layer ``l`` (``"(1)"`` for Ng's numbering).
    sub : int, str or tuple, optional
        The subscript: ``"12"`` for row 1, column 2; a tuple such as ``(1, 2)`` is joined with a
        comma (unit 1 of example 2).

    Returns
    -------
    IndexedSymbol
        ``str`` gives ``a^2_{1,2}``, Unicode pretty printing ``a²₁,₂``, LaTeX ``a^{2}_{1,2}``.
    """
    if isinstance(sub, tuple):
        sub = ",".join(str(s) for s in sub)
    name = base + (f"^{sup}" if sup is not None else "") + (f"_{sub}" if sub not in (None, "") else "")
    return IndexedSymbol(name, **assumptions)


class Label(sp.Symbol):
    r"""The left side of a displayed equation, with its own LaTeX and plain-text spellings.

    ``sp.Eq(Label("∂C/∂W^2", r"\frac{\partial C}{\partial W^{2}}"), M)`` shows a fraction in
    LaTeX and ``∂C/∂W^2`` in plain text, where a LaTeX-named symbol would print as
    ``\frac{\partial C}{\partial W__{2}}``.
    """

    def __new__(cls, text, latex=None):
        obj = super().__new__(cls, text)
        obj.latex_text = text if latex is None else latex
        return obj

    def __getnewargs__(self):
        return (self.name, self.latex_text)

    def _latex(self, printer, exp=None):
        return self.latex_text

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(self.name)


class Lines:
    """``lhs = t_1 + t_2 + …`` displayed with a line break after every ``per_line`` terms.

    A long sum printed on one line runs off the page in JupyterLab and on the
    static site; this shows it as an ``aligned`` block in LaTeX and as one
    term group per line in plain text.  ``expr`` keeps its value in
    ``.expr``; only the display changes.

    Parameters
    ----------
    lhs : Label or SymPy expression
        The left side.
    expr : SymPy expression
        The right side; its terms are taken in SymPy's printing order.
    per_line : int
        Terms per line.
    """

    def __init__(self, lhs, expr, per_line=1):
        self.lhs, self.expr, self.per_line = lhs, expr, int(per_line)
        terms = expr.as_ordered_terms() if isinstance(expr, sp.Add) else [expr]
        self.rows = [terms[i:i + self.per_line] for i in range(0, len(terms), self.per_line)]

    @staticmethod
    def _join(parts, first):
        out = ""
        for n, text in enumerate(parts):
            if text.startswith("-"):
                out += f" - {text[1:].lstrip()}"
            else:
                out += f" + {text}" if (n or not first) else text
        return out.strip() if first else out

    def _repr_latex_(self):
        body = [self._join([sp.latex(t) for t in row], first=(n == 0)) for n, row in enumerate(self.rows)]
        lines = [f"{sp.latex(self.lhs)} &= {body[0]}"] + [rf"&\quad {line.strip()}" for line in body[1:]]
        return "$\\displaystyle \\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}$"

    def __repr__(self):
        body = [self._join([sp.pretty(t) if "\n" not in sp.pretty(t) else str(t) for t in row], first=(n == 0))
                for n, row in enumerate(self.rows)]
        head = f"{sp.pretty(self.lhs)} = "
        return "\n".join([head + body[0]] + [" " * len(head) + line.strip() for line in body[1:]])


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
        Number of examples in the batch; inputs are ``x_k`` when ``m = 1``
        and ``x_{k,x}`` (input ``k`` of example ``x``, e.g. ``x_{1,2}``) otherwise.
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
        Short symbols ``z^l_j`` and ``a^l_j`` (``z^l_{j,x}``, ``a^l_{j,x}`` in a batch) that stand for the entries of
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
        col = (lambda i: "") if m == 1 else (lambda i: f",{i + 1}")
        self.W, self.b = {}, {}
        for l in range(1, self.L + 1):
            self.W[l] = sp.Matrix(n[l], n[l - 1], lambda j, k, l=l: symbol("w", l, f"{j + 1}{k + 1}"))
            if self.bias:
                self.b[l] = sp.Matrix(n[l], 1, lambda j, _, l=l: symbol("b", l, j + 1))
            else:
                self.b[l] = sp.zeros(n[l], 1)
        self.X = sp.Matrix(n[0], m, lambda k, i: symbol("x", None, f"{k + 1}{col(i)}"))
        self.Y = sp.Matrix(n[-1], m, lambda j, i: symbol("y", None, f"{j + 1}{col(i)}"))
        self.z_sym, self.a_sym = {}, {0: self.X}
        for l in range(1, self.L + 1):
            self.z_sym[l] = sp.Matrix(n[l], m, lambda j, i, l=l: symbol("z", l, f"{j + 1}{col(i)}"))
            self.a_sym[l] = sp.Matrix(n[l], m, lambda j, i, l=l: symbol("a", l, f"{j + 1}{col(i)}"))

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
        """Rewrite ``expr`` with the short symbols ``z^l_j``, ``a^l_j`` for display.

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

        An expression written with ``z^l_j`` and ``a^l_j`` (say, one
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


__all__ += ["sum_kronecker", "merge_sums", "reduce_identity", "GeneralLayer", "general_layer", "Proof",
            "bp1_quadratic", "bp1_cross_entropy", "bp1_softmax", "bp2", "bp3", "bp4",
            "prove_bp1", "prove_bp2", "prove_bp3", "prove_bp4", "prove_all", "at_size", "bind", "numeric_value",
            "instance", "to_numbers", "random_value", "classic_mistakes", "readable"]


# =====================================================================================================
# For every size (lessons 03–05): BP1–BP4 proved with symbolic widths n_{l-1}, n_l, n_{l+1}, n_L and
# batch size m, with SymPy's indexed objects.  Everything above checks instances; this proves.
# =====================================================================================================


def _kronecker_power(factor, v):
    """The Kronecker delta in ``factor`` that involves the index ``v`` (``δ`` or ``δ^p``), else ``None``."""
    base = factor.base if factor.is_Pow and factor.exp.is_Integer and factor.exp > 0 else factor
    if isinstance(base, sp.KroneckerDelta) and v in base.args:
        other = base.args[1] if base.args[0] == v else base.args[0]
        if v not in other.free_symbols:
            return other
    return None


def _index_range(index):
    """``(lower, upper)`` of an index: an ``Idx``'s bounds, an integer's own value, else ``None``."""
    if isinstance(index, sp.Idx) and index.lower is not None:
        return index.lower, index.upper
    if index.is_Integer:
        return index, index
    return None


def _within(index, lower, upper):
    """True when the index is known to lie in ``lower … upper`` (for every value of the widths)."""
    bounds = _index_range(index)
    return bounds is not None and (bounds[0] - lower).is_nonnegative is True and (upper - bounds[1]).is_nonnegative is True


def _sum_one(summand, v, lower, upper):
    """``Σ_{v=lower}^{upper} summand`` with the Kronecker deltas on ``v`` summed out.

    A term ``f(v) δ_{v,j}`` becomes ``f(j)`` when ``j`` is known to lie in the
    range (an ``Idx`` with the same or narrower bounds); factors free of ``v``
    move in front of the sum.  Everything else stays a ``Sum``.
    """
    done, kept = [], {}
    for term in sp.Add.make_args(sp.expand(summand)):
        factors = sp.Mul.make_args(term)
        picked = next(((f, o) for f in factors if (o := _kronecker_power(f, v)) is not None), None)
        rest = sp.Mul(*(f for f in factors if picked is not None and f is not picked[0]))
        rebinds = any(v in (lim[0] for lim in inner.limits) for inner in rest.atoms(sp.Sum))
        if picked is not None and _within(picked[1], lower, upper) and not rebinds:
            done.append(rest.xreplace({v: picked[1]}))          # Σ_v f(v) δ_{v,j} = f(j)
            continue
        outside = sp.Mul(*(f for f in factors if v not in f.free_symbols))
        inside = sp.Mul(*(f for f in factors if v in f.free_symbols))
        kept[inside] = kept.get(inside, 0) + outside
    out = sp.Add(*done)
    for inside, outside in kept.items():
        out += outside * (sp.Sum(inside, (v, lower, upper)) if v in inside.free_symbols else (upper - lower + 1) * inside)
    return out


def sum_kronecker(expr):
    """Sum out every Kronecker delta that ``sympy.diff`` leaves inside a ``Sum``.

    Differentiating ``Σ_i f(z_i)`` with respect to one generic entry ``z_j``
    gives ``Σ_i f'(z_i) δ_{ij}``.  SymPy's own ``doit`` turns that into a
    ``Piecewise`` guarded by ``j ≤ n`` even when ``j`` is an ``Idx`` declared
    in ``1 … n``.  This helper uses the declared range: ``Σ_{i=1}^{n} f(i) δ_{ij}
    = f(j)`` whenever the bounds of ``j`` lie within ``1 … n``; when they are
    not known to, the term is left as a ``Sum`` (so a proof that needed it
    fails instead of passing wrongly).  Sums are processed from the innermost
    out; factors free of the summation index move in front of the sum, and a
    sum of a summand free of its index becomes ``(upper − lower + 1)`` times it
    (the widths are positive, so no sum here is empty).

    Parameters
    ----------
    expr : SymPy expression

    Returns
    -------
    SymPy expression
    """
    if not isinstance(expr, sp.Basic) or not expr.args:
        return expr
    if isinstance(expr, sp.Sum):
        out = sum_kronecker(expr.function)
        for v, lower, upper in expr.limits:          # innermost first
            out = _sum_one(out, v, lower, upper) if v in out.free_symbols else out * (upper - lower + 1)
        return out
    return expr.func(*(sum_kronecker(a) for a in expr.args))


def merge_sums(expr):
    """Bring sums over the same indices together, so that ``Σ f − Σ f`` is seen to be 0.

    Each term ``c · Σ_limits s`` of the expanded expression becomes
    ``Σ_limits c·s``; terms with the same limits are added under one ``Sum``
    whose summand is expanded (and merged again, for nested sums).  A sum
    whose summand expands to 0 disappears.
    """
    groups, rest = {}, []
    for term in sp.Add.make_args(sp.expand(expr)):
        sums = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum)]
        coefficient = sp.Mul(*(f for f in sp.Mul.make_args(term) if not sums or f is not sums[0]))
        # Moving the coefficient inside is only allowed when it does not mention a summation index.
        if len(sums) == 1 and not coefficient.free_symbols & {lim[0] for lim in sums[0].limits}:
            groups.setdefault(sums[0].limits, []).append(coefficient * sums[0].function)
        else:
            rest.append(term)
    out = sp.Add(*rest)
    for limits, parts in groups.items():
        body = merge_sums(sp.Add(*parts))
        if body != 0:
            out += sp.Sum(body, *limits)
    return out


def _replace_sum(expr, target, value):
    """Replace the sum ``target`` by ``value`` wherever it occurs, whatever its summation index is called."""
    def same(e):
        if not isinstance(e, sp.Sum) or len(e.limits) != len(target.limits):
            return False
        renamed = e.function.xreplace({lim[0]: t[0] for lim, t in zip(e.limits, target.limits)})
        return renamed == target.function and all(lim[1:] == t[1:] for lim, t in zip(e.limits, target.limits))
    return expr.replace(same, lambda e: value)


def reduce_identity(expr, given=()):
    """Reduce ``lhs − rhs`` of a claimed identity: Kronecker deltas summed out, ``given`` used, sums merged.

    Parameters
    ----------
    expr : SymPy expression
    given : iterable of (Sum, value)
        Facts assumed, such as ``Σ_j y_j = 1``.

    Returns
    -------
    SymPy expression
        ``0`` (exactly ``sympy.S.Zero``) when the identity holds.
    """
    out = sum_kronecker(expr)
    for target, value in given:
        out = _replace_sum(out, target, value)
    return merge_sums(out)


class GeneralLayer:
    """The symbols of one layer of a network of ANY size: widths and batch size are symbols.

    Attributes
    ----------
    n_prev, n, n_next, n_L, m : Symbol
        ``n_{l-1}``, ``n_l``, ``n_{l+1}``, ``n_L`` (positive integers) and the batch size ``m``.
    lam : Symbol
        The L2 strength λ.
    W, b, a_prev, z, delta : IndexedBase
        ``W^l`` (entries ``W[j, k]``), ``b^l``, ``a^{l-1}`` and ``z^l`` (one
        example; ``a_prev[k, x]`` for example ``x`` of a batch), ``δ^l``
        (``delta[j, x]`` over a batch).
    W_next, b_next, delta_next : IndexedBase
        ``W^{l+1}``, ``b^{l+1}`` and ``δ^{l+1} = ∂C/∂z^{l+1}``.
    z_L, y : IndexedBase
        The output layer's weighted input and the target.
    j, i : Idx in ``1 … n_l``;  k, r : Idx in ``1 … n_{l-1}``;  q : Idx in ``1 … n_{l+1}``;
    jL, iL, pL : Idx in ``1 … n_L``;  x : Idx in ``1 … m``
        ``j``, ``k`` (and ``jL``) are the generic entry; the others are summation indices.
    """

    def __init__(self):
        positive = {"integer": True, "positive": True}
        self.n_prev, self.n, self.n_next, self.n_L = (sp.Symbol(s, **positive)
                                                      for s in ("n_{l-1}", "n_{l}", "n_{l+1}", "n_{L}"))
        self.m = sp.Symbol("m", **positive)
        self.lam = sp.Symbol("lambda", nonnegative=True)
        def base(letter, layer=None):
            return sp.IndexedBase(symbol(letter, layer))
        self.W, self.b, self.a_prev, self.z = base("W", "l"), base("b", "l"), base("a", "l-1"), base("z", "l")
        self.delta, self.W_next, self.delta_next = base("delta", "l"), base("W", "l+1"), base("delta", "l+1")
        self.b_next = base("b", "l+1")
        self.z_L, self.y = base("z", "L"), base("y")
        self.j, self.i = sp.Idx("j", (1, self.n)), sp.Idx("i", (1, self.n))
        self.k, self.r = sp.Idx("k", (1, self.n_prev)), sp.Idx("r", (1, self.n_prev))
        self.q = sp.Idx("q", (1, self.n_next))
        self.jL, self.iL, self.pL = (sp.Idx(name, (1, self.n_L)) for name in ("j", "i", "p"))
        self.x = sp.Idx("x", (1, self.m))

    def z_entry(self, row, example=None):
        """``z^l_{row} = Σ_r W^l_{row,r} a^{l-1}_r + b^l_{row}`` (of example ``example`` over a batch)."""
        a = (lambda r: self.a_prev[r]) if example is None else (lambda r: self.a_prev[r, example])
        return sp.Sum(self.W[row, self.r] * a(self.r), (self.r, 1, self.n_prev)) + self.b[row]

    def z_next_entry(self, row, activation=g):
        """``z^{l+1}_{row} = Σ_i W^{l+1}_{row,i} g(z^l_i) + b^{l+1}_{row}``."""
        return sp.Sum(self.W_next[row, self.i] * activation(self.z[self.i]), (self.i, 1, self.n)) \
            + self.b_next[row]

    def softmax(self, j):
        """``a^L_j = e^{z^L_j} / Σ_i e^{z^L_i}``."""
        return sp.exp(self.z_L[j]) / sp.Sum(sp.exp(self.z_L[self.pL]), (self.pL, 1, self.n_L))


class Proof:
    """One general identity ``derived = claimed`` and its reduction.

    Attributes
    ----------
    name : str
    lhs : expression
        What is differentiated, as a display symbol (``∂C/∂z^L_j`` …).
    raw : expression
        What ``sympy.diff`` (with the chain rule where stated) returns, before any help.
    derived : expression
        ``raw`` with the Kronecker deltas summed out and the given facts used.
    claimed : expression
        The right-hand side of the equation (BP1 … BP4, or a wrong version of it).
    residual : expression
        ``derived − claimed`` reduced; ``0`` exactly when the identity is proved.
    given : tuple of (Sum, value)
        Facts assumed (``Σ_j y_j = 1`` for the softmax).
    seconds : float
        Time taken to derive and reduce.
    """

    def __init__(self, name, lhs, raw, claimed, given=(), seconds=0.0):
        start = time.perf_counter()
        self.name, self.lhs, self.raw, self.claimed, self.given = name, lhs, raw, claimed, tuple(given)
        self.derived = sum_kronecker(raw)
        for target, value in self.given:
            self.derived = _replace_sum(self.derived, target, value)
        self.residual = reduce_identity(raw - claimed, self.given)
        self.seconds = seconds + time.perf_counter() - start

    @property
    def holds(self):
        """``True`` when the residual is exactly zero."""
        return self.residual == 0

    def equation(self):
        """``lhs = claimed`` for display."""
        return sp.Eq(self.lhs, readable(self.claimed), evaluate=False)

    def __repr__(self):
        return f"Proof({self.name!r}, holds={self.holds}, seconds={self.seconds:.2f})"


def _derivative_symbol(of, wrt, sup, sub):
    return Label(f"∂{of}/∂{wrt}^{sup}_{sub}", rf"\frac{{\partial {of}}}{{\partial {wrt}^{{{sup}}}_{{{sub}}}}}")


def readable(expr):
    """``expr`` for display: each ``Idx`` replaced by its plain label (SymPy's LaTeX prints an Idx with its range)."""
    return expr.xreplace({idx: idx.label for idx in expr.atoms(sp.Idx)})


# The equations, as functions of the general layer ``s`` (the generic entry is s.j, s.k, or s.jL).
def bp1_quadratic(s):
    """BP1, quadratic cost: ``δ^L_j = (a^L_j − y_j) g'(z^L_j)``."""
    return (g(s.z_L[s.jL]) - s.y[s.jL]) * g_prime(s.z_L[s.jL])


def bp1_cross_entropy(s):
    """BP1, cross-entropy after a sigmoid (or softmax) output: ``δ^L_j = a^L_j − y_j``."""
    return sigma(s.z_L[s.jL]) - s.y[s.jL]


def bp1_softmax(s):
    """BP1, categorical cross-entropy after a softmax output: ``δ^L_j = a^L_j − y_j``."""
    return s.softmax(s.jL) - s.y[s.jL]


def bp2(s):
    """BP2: ``δ^l_j = (Σ_q W^{l+1}_{qj} δ^{l+1}_q) g'(z^l_j)``."""
    return sp.Sum(s.W_next[s.q, s.j] * s.delta_next[s.q], (s.q, 1, s.n_next)) * g_prime(s.z[s.j])


def bp3(s):
    """BP3 over a batch: ``∂J/∂b^l_j = (1/m) Σ_x δ^l_{j,x}``."""
    return sp.Sum(s.delta[s.j, s.x], (s.x, 1, s.m)) / s.m


def bp4(s):
    """BP4 over a batch with L2: ``∂J/∂W^l_{jk} = (1/m) Σ_x δ^l_{j,x} a^{l-1}_{k,x} + (λ/m) W^l_{jk}``."""
    return sp.Sum(s.delta[s.j, s.x] * s.a_prev[s.k, s.x], (s.x, 1, s.m)) / s.m + s.lam / s.m * s.W[s.j, s.k]


def general_layer():
    """The (cached) :class:`GeneralLayer` every general proof uses."""
    global _GENERAL
    if _GENERAL is None:
        _GENERAL = GeneralLayer()
    return _GENERAL


_GENERAL = None


def prove_bp1(cost="quadratic", rule=None, assume_targets_sum_to_one=True):
    """Prove BP1 for ANY number ``n_L`` of output units, from ``sympy.diff`` of the cost.

    Parameters
    ----------
    cost : {"quadratic", "cross_entropy", "softmax"}
        ``"quadratic"``: ``C = Σ_i ½(g(z^L_i) − y_i)²`` with a generic ``g``;
        ``"cross_entropy"``: ``C = −Σ_i [y_i ln σ(z^L_i) + (1 − y_i) ln(1 − σ(z^L_i))]``;
        ``"softmax"``: ``C = −Σ_i y_i ln softmax(z^L)_i``, with ``Σ_i y_i = 1``.
    rule : callable, optional
        ``rule(s)`` gives the claimed ``δ^L_j``; by default the course's BP1 for that cost.
    assume_targets_sum_to_one : bool
        For the softmax: use ``Σ_i y_i = 1`` (without it the identity is false).

    Returns
    -------
    Proof
    """
    start = time.perf_counter()
    s = general_layer()
    i, n = s.iL, s.n_L
    given = ()
    if cost == "quadratic":
        C = sp.Sum(sp.Rational(1, 2) * (g(s.z_L[i]) - s.y[i]) ** 2, (i, 1, n))
        default = bp1_quadratic
    elif cost == "cross_entropy":
        C = -sp.Sum(s.y[i] * sp.log(sigma(s.z_L[i])) + (1 - s.y[i]) * sp.log(1 - sigma(s.z_L[i])), (i, 1, n))
        default = bp1_cross_entropy
    elif cost == "softmax":
        C = -sp.Sum(s.y[i] * sp.log(s.softmax(i)), (i, 1, n))
        default = bp1_softmax
        if assume_targets_sum_to_one:
            given = ((sp.Sum(s.y[i], (i, 1, n)), 1),)
    else:
        raise ValueError(f"unknown cost {cost!r}; choose 'quadratic', 'cross_entropy' or 'softmax'")
    raw = sp.diff(C, s.z_L[s.jL])
    claimed = (rule or default)(s)
    name = {"quadratic": "BP1, quadratic cost", "cross_entropy": "BP1, sigmoid + cross-entropy",
            "softmax": "BP1, softmax + cross-entropy"}[cost]
    return Proof(name, _derivative_symbol("C", "z", "L", "j"), raw, claimed, given,
                 time.perf_counter() - start)


def prove_bp2(rule=None):
    """Prove BP2 for ANY widths ``n_l``, ``n_{l+1}``: the induction step from ``δ^{l+1}`` to ``δ^l``.

    The layers above ``l + 1`` are unknown; all that is used about them is
    ``δ^{l+1}_q = ∂C/∂z^{l+1}_q``.  The multivariable chain rule over the
    ``n_{l+1}`` units, ``∂C/∂z^l_j = Σ_q δ^{l+1}_q ∂z^{l+1}_q/∂z^l_j``, is
    written out (SymPy cannot differentiate a function of a symbolic number of
    arguments); SymPy differentiates ``z^{l+1}_q = Σ_i W^{l+1}_{qi} g(z^l_i) + b^{l+1}_q``
    with respect to the generic ``z^l_j``.

    Parameters
    ----------
    rule : callable, optional
        ``rule(s)`` gives the claimed ``δ^l_j``; by default :func:`bp2`.

    Returns
    -------
    Proof
    """
    start = time.perf_counter()
    s = general_layer()
    raw = sp.Sum(s.delta_next[s.q] * sp.diff(s.z_next_entry(s.q), s.z[s.j]), (s.q, 1, s.n_next))
    claimed = (rule or bp2)(s)
    return Proof("BP2", _derivative_symbol("C", "z", "l", "j"), raw, claimed, (), time.perf_counter() - start)


def _batch_cost_derivative(s, wrt, lam):
    """``∂J/∂wrt`` for ``J = (1/m) Σ_x C_x + (λ/2m) Σ_{i,r} (W^l_{ir})²``, where ``δ^l_{i,x} = ∂C_x/∂z^l_{i,x}``.

    ``C_x`` depends on the layer's parameters only through ``z^l_{·,x}``, so
    ``∂C_x/∂wrt = Σ_i δ^l_{i,x} ∂z^l_{i,x}/∂wrt`` (chain rule, written out);
    SymPy differentiates ``z^l_{i,x}`` and the penalty.
    """
    chain = sp.Sum(sp.Sum(s.delta[s.i, s.x] * sp.diff(s.z_entry(s.i, s.x), wrt), (s.i, 1, s.n)), (s.x, 1, s.m)) / s.m
    penalty = lam / (2 * s.m) * sp.Sum(s.W[s.i, s.r] ** 2, (s.r, 1, s.n_prev), (s.i, 1, s.n))
    return chain + sp.diff(penalty, wrt)


def prove_bp3(rule=None, lam=True):
    """Prove BP3 over a batch of ANY size ``m``, for any widths: ``∂J/∂b^l_j = (1/m) Σ_x δ^l_{j,x}``.

    Parameters
    ----------
    rule : callable, optional
        ``rule(s)`` gives the claimed ``∂J/∂b^l_j``; by default :func:`bp3`.
    lam : bool
        Include the L2 term in ``J`` (it does not involve the biases).

    Returns
    -------
    Proof
    """
    start = time.perf_counter()
    s = general_layer()
    raw = _batch_cost_derivative(s, s.b[s.j], s.lam if lam else 0)
    claimed = (rule or bp3)(s)
    return Proof("BP3", _derivative_symbol("J", "b", "l", "j"), raw, claimed, (), time.perf_counter() - start)


def prove_bp4(rule=None, lam=True):
    """Prove BP4 over a batch of ANY size ``m``, for any widths, with the ``(λ/m) W`` term.

    Parameters
    ----------
    rule : callable, optional
        ``rule(s)`` gives the claimed ``∂J/∂W^l_{jk}``; by default :func:`bp4`
        (with ``lam=False`` the default claim drops its λ term).
    lam : bool
        Include ``(λ/2m) Σ ||W^l||²`` in ``J``.

    Returns
    -------
    Proof
    """
    start = time.perf_counter()
    s = general_layer()
    raw = _batch_cost_derivative(s, s.W[s.j, s.k], s.lam if lam else 0)
    claimed = (rule or bp4)(s)
    if rule is None and not lam:
        claimed = claimed.subs(s.lam, 0)
    return Proof("BP4" + ("" if lam else ", λ = 0"), _derivative_symbol("J", "W", "l", "jk"), raw, claimed, (),
                 time.perf_counter() - start)


def prove_all():
    """Every general proof of the course, in order: BP1 (three costs), BP2, BP3, BP4.

    Returns
    -------
    list of Proof
    """
    return [prove_bp1("quadratic"), prove_bp1("cross_entropy"), prove_bp1("softmax"),
            prove_bp2(), prove_bp3(), prove_bp4()]


# ------------------------------------------------------------ from the general to the concrete
def at_size(expr, sizes, entry=None):
    """Substitute concrete widths (and a concrete entry) and expand the sums.

    Parameters
    ----------
    expr : expression
        A general result, with symbolic widths and a generic entry.
    sizes : dict Symbol -> int
        For example ``{s.n: 3, s.n_next: 2}``.
    entry : dict Idx -> int, optional
        The entry, for example ``{s.j: 2}`` (1-based, like the sums).

    Returns
    -------
    expression
        Sums of concrete length written out, Kronecker deltas of numbers evaluated.
    """
    out = expr.xreplace({k: sp.Integer(v) for k, v in (entry or {}).items()})
    # An Idx carries its range, and subs would change it inside a summand but not in the sum's limits
    # (the summand would then no longer contain the summation index): use the plain index symbols.
    out = out.xreplace({idx: idx.label for idx in out.atoms(sp.Idx)})
    return out.subs({k: sp.Integer(v) for k, v in sizes.items()}).doit()


def bind(expr, values):
    """Replace every indexed entry ``B[i, …]`` of the given bases by the matching entry of a matrix.

    Parameters
    ----------
    expr : expression
        With concrete (integer, 1-based) indices, as :func:`at_size` returns.
    values : dict IndexedBase -> Matrix or array
        A base with one index may be given as a column ``(n, 1)``.

    Returns
    -------
    expression
    """
    def entry(e):
        M = values[e.base]
        where = tuple(int(i) - 1 for i in e.indices)
        if len(where) == 1:
            where = (where[0], 0) if getattr(M, "ndim", 2) == 2 else where
        value = M[where]
        return value if isinstance(value, sp.Basic) else sp.Float(float(value), 17)
    return expr.replace(lambda e: isinstance(e, sp.Indexed) and e.base in values, entry)


def numeric_value(expr):
    """A float from an expression whose only functions are ``g``, ``g'`` (read as σ, σ') and ``sigma``."""
    t = sp.Dummy("t")
    logistic = sp.Lambda(t, 1 / (1 + sp.exp(-t)))
    out = expr.replace(g_prime, sp.Lambda(t, logistic(t) * (1 - logistic(t))))
    out = out.replace(g, logistic).replace(sigma, logistic)
    return float(out.evalf(30))


def instance(expr, sizes, values, rows=None, cols=None):
    """A general entry formula at concrete sizes, for every entry, with values bound: a Matrix.

    Parameters
    ----------
    expr : expression
        A general result for the generic entry (``s.j``, ``s.k``, ``s.jL``).
    sizes : dict Symbol -> int
    values : dict IndexedBase -> Matrix or array
        What each indexed object stands for (see :func:`bind`); symbolic
        matrices give the instance's formulas, numpy arrays give numbers.
    rows, cols : (Idx, int), optional
        The generic entry's row index and how many rows (and the same for
        columns); without ``cols`` the result is a column.

    Returns
    -------
    Matrix
    """
    n_rows = rows[1] if rows else 1
    n_cols = cols[1] if cols else 1

    def entry(r, c):
        where = {}
        if rows:
            where[rows[0]] = r + 1
        if cols:
            where[cols[0]] = c + 1
        return bind(at_size(expr, sizes, where), values)

    return sp.Matrix(n_rows, n_cols, entry)


def to_numbers(M):
    """:func:`numeric_value` of every entry of a Matrix: a float array of the same shape."""
    return np.array([[numeric_value(v) for v in M.row(r)] for r in range(M.rows)], dtype=float)


def random_value(expr, sizes, entry=None, seed=0):
    """The value of ``expr`` at concrete sizes with every indexed entry and free symbol drawn at random.

    Used to show that a residual which does not reduce to 0 is really not 0:
    one nonzero value is a counterexample.  Entries are uniform in
    ``(−1, 1)``, drawn in a fixed order from ``seed``; ``g`` is read as the sigmoid.

    Returns
    -------
    float
    """
    rng = np.random.default_rng(seed)
    out = at_size(expr, sizes, entry)
    indexed = sorted(out.atoms(sp.Indexed), key=sp.default_sort_key)
    out = out.xreplace({v: sp.Float(rng.uniform(-1, 1), 17) for v in indexed})
    rest = sorted(out.free_symbols, key=sp.default_sort_key)
    out = out.xreplace({v: sp.Float(rng.uniform(0.1, 1), 17) for v in rest})
    return numeric_value(out)


def classic_mistakes():
    """The classic wrong versions of BP1–BP4, each with the general proof it must fail.

    Returns
    -------
    list of dict
        ``equation``, ``mistake`` (a short name), ``proof`` (a callable that
        runs the general proof with the wrong rule) and ``sizes`` (concrete
        sizes at which the wrong rule can be evaluated, for a numeric
        counterexample; a wrong index order needs square weights).
    """
    s = general_layer()
    square = {s.n_prev: 2, s.n: 2, s.n_next: 2, s.m: 2}      # a swapped index order needs equal widths

    def outer(f):
        """``Σ_x f``, the sum over the batch."""
        return sp.Sum(f, (s.x, 1, s.m))

    back = sp.Sum(s.W_next[s.q, s.j] * s.delta_next[s.q], (s.q, 1, s.n_next))
    return [
        {"equation": "BP1", "mistake": "g'(a) instead of g'(z)", "sizes": {s.n_L: 3},
         "proof": lambda: prove_bp1("quadratic", lambda s: (g(s.z_L[s.jL]) - s.y[s.jL]) * g_prime(g(s.z_L[s.jL])))},
        {"equation": "BP1", "mistake": "g' missing", "sizes": {s.n_L: 3},
         "proof": lambda: prove_bp1("quadratic", lambda s: g(s.z_L[s.jL]) - s.y[s.jL])},
        {"equation": "BP1", "mistake": "σ' kept with the cross-entropy", "sizes": {s.n_L: 3},
         "proof": lambda: prove_bp1("cross_entropy", lambda s: (sigma(s.z_L[s.jL]) - s.y[s.jL])
                                    * sigma(s.z_L[s.jL]) * (1 - sigma(s.z_L[s.jL])))},
        {"equation": "BP1", "mistake": "softmax without Σ_j y_j = 1", "sizes": {s.n_L: 3},
         "proof": lambda: prove_bp1("softmax", assume_targets_sum_to_one=False)},
        {"equation": "BP2", "mistake": "W instead of Wᵀ", "sizes": square,
         "proof": lambda: prove_bp2(lambda s: sp.Sum(s.W_next[s.j, s.q] * s.delta_next[s.q], (s.q, 1, s.n_next))
                                    * g_prime(s.z[s.j]))},
        {"equation": "BP2", "mistake": "g'(a) instead of g'(z)", "sizes": {s.n: 3, s.n_next: 2},
         "proof": lambda: prove_bp2(lambda s: back * g_prime(g(s.z[s.j])))},
        {"equation": "BP2", "mistake": "g' missing", "sizes": {s.n: 3, s.n_next: 2},
         "proof": lambda: prove_bp2(lambda s: back)},
        {"equation": "BP3", "mistake": "no 1/m", "sizes": {s.n: 3, s.n_prev: 2, s.m: 2},
         "proof": lambda: prove_bp3(lambda s: outer(s.delta[s.j, s.x]))},
        {"equation": "BP4", "mistake": "no 1/m", "sizes": {s.n: 3, s.n_prev: 2, s.m: 2},
         "proof": lambda: prove_bp4(lambda s: outer(s.delta[s.j, s.x] * s.a_prev[s.k, s.x]) + s.lam / s.m * s.W[s.j, s.k])},
        {"equation": "BP4", "mistake": "a δᵀ instead of δ aᵀ", "sizes": square,
         "proof": lambda: prove_bp4(lambda s: outer(s.delta[s.k, s.x] * s.a_prev[s.j, s.x]) / s.m + s.lam / s.m * s.W[s.j, s.k])},
        {"equation": "BP4", "mistake": "λ W/(2m): the 2 of the square forgotten", "sizes": {s.n: 3, s.n_prev: 2, s.m: 2},
         "proof": lambda: prove_bp4(lambda s: outer(s.delta[s.j, s.x] * s.a_prev[s.k, s.x]) / s.m
                                    + s.lam / (2 * s.m) * s.W[s.j, s.k])},
    ]
