"""Input checks with error messages that say what was expected, what arrived, and how to fix it.

A shape mistake in numpy rarely fails loudly: ``(10,)`` minus ``(10, m)``
broadcasts to ``(10, 10)`` when ``m = 10`` and trains on nonsense.  Every
public entry point of :class:`nnlib.Network` passes its arrays through these
checks first, so a mistake stops at the call that made it.
"""

import numbers

import numpy as np

__all__ = ["as_batch", "as_targets", "as_labels", "check_sizes", "check_positive", "check_finite"]


def _as_float_array(value, name):
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return np.asarray(value, dtype=float)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a numeric array, got {type(value).__name__}"
            + (f" with dtype {value.dtype}" if isinstance(value, np.ndarray) else "")
        ) from None
    return arr


def check_finite(arr, name):
    """Raise ``ValueError`` naming the first NaN or inf in ``arr``."""
    if not np.isfinite(arr).all():
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = f"at index {tuple(int(i) for i in bad)}"
        raise ValueError(f"{name} contains NaN or inf ({where}, value {arr[tuple(bad)]}); clean or impute the data first")


def as_batch(X, n, name="X", finite=True):
    """Return ``X`` as a float ``(n, m)`` array with examples as columns, or raise.

    Parameters
    ----------
    X : array_like, shape (n, m)
        A batch of ``m`` examples, one per column.
    n : int
        The number of features the layer expects.
    finite : bool
        Also refuse NaN and inf.  ``Network.fit`` passes ``False`` and checks
        its parameters after every epoch instead (see there), because a pass
        over a large data set costs as much as a fifth of an epoch.
    """
    arr = _as_float_array(X, name)
    if arr.ndim == 1:
        raise ValueError(
            f"expected {name} of shape ({n}, m) with examples as columns, got {arr.shape}; "
            f"for one example use {name.lower()}.reshape(-1, 1)"
        )
    if arr.ndim != 2:
        raise ValueError(f"expected {name} of shape ({n}, m) with examples as columns, got {arr.ndim}-D shape {arr.shape}")
    if arr.shape[0] != n:
        hint = f"; it looks like examples are rows: pass {name}.T" if arr.shape[1] == n else ""
        raise ValueError(
            f"expected {name} of shape ({n}, m) with examples as columns, got {arr.shape}: "
            f"the layer has {n} inputs but {name} has {arr.shape[0]} rows{hint}"
        )
    if arr.shape[1] == 0:
        raise ValueError(f"{name} is an empty batch: shape {arr.shape} has no columns (m = 0); pass at least one example")
    if finite:
        check_finite(arr, name)
    return arr


def as_targets(Y, n, m, name="Y", finite=True):
    """Return ``Y`` as a float ``(n, m)`` array matching the output layer, or raise.

    A 1-D ``Y`` is refused even when numpy could broadcast it: ``(m,)`` against
    ``(n, m)`` silently makes an ``(n, m)`` or ``(m, m)`` error matrix.
    """
    arr = _as_float_array(Y, name)
    if arr.ndim == 1:
        if n == 1:
            fix = f"use {name.lower()}.reshape(1, -1)"
        else:
            fix = f"for integer class labels use nnlib.data.one_hot(labels, {n})"
        raise ValueError(
            f"expected {name} of shape ({n}, {m}) to match the output layer, got {arr.shape}; "
            f"a 1-D {name} would broadcast silently; {fix}"
        )
    if arr.shape != (n, m):
        hint = f"; it looks like examples are rows: pass {name}.T" if arr.shape == (m, n) else ""
        raise ValueError(
            f"expected {name} of shape ({n}, {m}) (n_L = {n} outputs, m = {m} examples as columns), got {arr.shape}{hint}"
        )
    if finite:
        check_finite(arr, name)
    return arr


def as_labels(labels, m, name="labels"):
    """Return integer class labels of shape ``(m,)``, or raise."""
    arr = np.asarray(labels)
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.ravel()
    if arr.ndim != 1 or arr.shape[0] != m:
        raise ValueError(f"expected {name} of shape ({m},), one integer class per example, got {arr.shape}")
    if arr.dtype.kind not in "biu":
        if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
            arr = arr.astype(int)
        else:
            raise TypeError(f"{name} must hold integer classes, got dtype {arr.dtype}; for one-hot targets use Y.argmax(axis=0)")
    return arr


def check_sizes(sizes):
    """Check the layer sizes ``[n_0, n_1, …, n_L]``: at least two positive integers."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes must be a list of layer widths such as [784, 30, 10], got {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output layer, such as [784, 30, 10]; got {sizes!r}")
    for l, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(f"sizes[{l}] must be an int, got {n!r} of type {type(n).__name__}")
        if n < 1:
            raise ValueError(f"sizes[{l}] = {n}: every layer needs at least one unit")
    return [int(n) for n in sizes]


def check_positive(value, name, allow_zero=False):
    """Check a scalar hyper-parameter such as ``eta`` or ``lam``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} of type {type(value).__name__}")
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        allowed = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be finite and {allowed}, got {value!r}")
    return float(value)
