"""Numerical gradients and the relative error that compares them (lesson 06).

Analytic differentiation (backprop) gives ``∂J/∂θ`` from formulas; numerical
differentiation estimates it from the cost alone with the central difference

    ∂J/∂θ_i ≈ (J(θ + h e_i) − J(θ − h e_i)) / 2h,

whose error shrinks like ``h²`` until round-off, which grows like ``ε/h``,
takes over.  The two are compared with the relative error

    rel_error(a, b) = ||a − b|| / max(||a|| + ||b||, tiny),

which is scale-free.  In float64 with ``h = 1e-5`` a correct gradient gives
about 1e-8 or less for smooth activations; 1e-4 or more means a bug.
"""

import numpy as np

__all__ = ["numerical_gradient", "forward_gradient", "rel_error", "verdict", "network_numerical_gradient",
           "gradient_report", "format_report", "GOOD", "SUSPECT"]

GOOD = 1e-7     # below this: agreement, for float64 and smooth activations
SUSPECT = 1e-4  # above this: almost certainly a bug


def _flat_views(x):
    """Check ``x`` and return ``(grad, flat, gflat)``: a zero gradient and 1-D views of ``x`` and of it.

    Writing ``flat[i]`` writes ``x`` itself, which is how the functions below perturb one entry at a time.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(f"x must be a float numpy array that f reads, got {type(x).__name__}"
                        + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("x must be contiguous so that it can be perturbed in place")
    return grad, flat, gflat


def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of a scalar function ``f`` at the array ``x``.

    ``x`` is perturbed one entry at a time and restored afterwards, so on
    return it holds exactly the values it had (also if ``f`` raises).

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a float; it reads the current values of ``x``.
    x : float array, any shape
    h : float
        The step.

    Returns
    -------
    array, the shape of ``x``
    """
    grad, flat, gflat = _flat_views(x)
    for i in range(flat.size):
        old = flat[i]
        try:
            flat[i] = old + h
            f_plus = float(f(x))
            flat[i] = old - h
            f_minus = float(f(x))
        finally:
            flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * h)
    return grad


def forward_gradient(f, x, h=1e-8):
    """Forward-difference gradient ``(f(x + h e_i) − f(x)) / h`` of a scalar ``f`` at the array ``x`` (lesson 06).

    Its truncation error shrinks only like ``h`` (central differences: ``h²``),
    so it is here to be compared with :func:`numerical_gradient`, not to check
    gradients.  The default ``h ≈ √ε`` balances that error against round-off.
    ``x`` is restored on return, as in :func:`numerical_gradient`.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a float; it reads the current values of ``x``.
    x : float array, any shape
    h : float

    Returns
    -------
    array, the shape of ``x``
    """
    grad, flat, gflat = _flat_views(x)
    f_0 = float(f(x))
    for i in range(flat.size):
        old = flat[i]
        try:
            flat[i] = old + h
            f_plus = float(f(x))
        finally:
            flat[i] = old
        gflat[i] = (f_plus - f_0) / h
    return grad


def verdict(err):
    """``"ok"`` below ``GOOD``, ``"check"`` up to ``SUSPECT``, ``"WRONG"`` above: how to read a relative error."""
    return "ok" if err < GOOD else ("check" if err < SUSPECT else "WRONG")


def rel_error(a, b, tiny=1e-300):
    """``||a − b|| / max(||a|| + ||b||, tiny)``, the scale-free distance between two gradients."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare gradients of shapes {a.shape} and {b.shape}")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), tiny))


def network_numerical_gradient(net, X, Y, h=1e-5):
    """``(nabla_b, nabla_w)`` of ``net.cost(X, Y)`` by central differences, shaped like ``net.backprop``."""
    def J(_):
        return net.cost(X, Y)
    nabla_w = [numerical_gradient(J, W, h) for W in net.weights]
    nabla_b = [numerical_gradient(J, b, h) for b in net.biases]
    return nabla_b, nabla_w


def gradient_report(net, X, Y, h=1e-5):
    """Compare ``net.backprop`` with central differences, parameter by parameter.

    Returns
    -------
    list of dict
        One row per parameter array, in layer order: ``name`` (``"W1"``,
        ``"b1"``, …), ``shape``, ``rel_error`` and ``verdict`` (``"ok"`` below
        ``GOOD``, ``"check"`` up to ``SUSPECT``, ``"WRONG"`` above).
    """
    nabla_b, nabla_w = net.backprop(X, Y)
    num_b, num_w = network_numerical_gradient(net, X, Y, h)
    rows = []
    for l in range(1, net.L + 1):
        pairs = [(f"W{l}", nabla_w[l - 1], num_w[l - 1])]
        if net.bias:
            pairs.append((f"b{l}", nabla_b[l - 1], num_b[l - 1]))
        for name, analytic, numeric in pairs:
            err = rel_error(analytic, numeric)
            rows.append({"name": name, "shape": analytic.shape, "rel_error": err, "verdict": verdict(err)})
    return rows


def format_report(rows):
    """Format ``gradient_report`` rows as a fixed-width text table."""
    lines = [f"{'param':<6} {'shape':<12} {'rel. error':>11}  verdict"]
    for r in rows:
        lines.append(f"{r['name']:<6} {str(r['shape']):<12} {r['rel_error']:>11.2e}  {r['verdict']}")
    return "\n".join(lines)
