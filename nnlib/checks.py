"""Input checks with error messages that say what was expected, what arrived, and how to fix it.

A shape mistake in numpy rarely fails loudly: ``(10,)`` minus ``(10, m)``
broadcasts to ``(10, 10)`` when ``m = 10`` and trains on nonsense.  Every
public entry point of :class:`nnlib.Network` passes its arrays through these
checks first, so a mistake stops at the call that made it.
"""

import math
import numbers

import numpy as np

__all__ = ["as_batch", "as_targets", "as_labels", "check_sizes", "check_positive", "check_finite",
           "check_count", "check_probability_targets", "all_finite"]

# Every check below has a fast path for the common case, a float64 array of the right shape: a few
# attribute tests and one BLAS reduction, about a microsecond on a tiny batch.  Anything else takes the
# slow path, which builds the precise error message.  Both paths accept and refuse exactly the same inputs.
_FLOAT64 = np.dtype(float)


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


def all_finite(arr):
    """True if every entry of a float array is finite, in one pass.

    ``Σ x²`` (one BLAS ``dot``) is NaN or inf whenever an entry is, so a finite
    result proves every entry finite.  An inf result can also come from entries
    above ``1e154`` whose squares overflow; then ``np.isfinite`` decides.
    """
    flat = arr.ravel("A")    # a view of a C- or Fortran-ordered array (vdot itself would copy a Fortran one)
    return math.isfinite(np.vdot(flat, flat)) or bool(np.isfinite(arr).all())


def check_finite(arr, name):
    """Raise ``ValueError`` naming the first NaN or inf in ``arr``."""
    if not all_finite(arr):
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
    if type(X) is np.ndarray and X.dtype == _FLOAT64 and X.ndim == 2 and X.shape[0] == n and X.shape[1]:
        if finite and not all_finite(X):
            check_finite(X, name)
        return X
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
    if type(Y) is np.ndarray and Y.dtype == _FLOAT64 and Y.shape == (n, m):
        if finite and not all_finite(Y):
            check_finite(Y, name)
        return Y
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


def _listing(indices, values, limit=5):
    shown = ", ".join(f"{int(i)} ({v:.6g})" for i, v in zip(indices[:limit], values[:limit]))
    return shown + (f", … ({len(indices)} in all)" if len(indices) > limit else "")


def check_probability_targets(Y, softmax, name="Y"):
    """Refuse cross-entropy targets that are not probabilities (lessons 03 and 11).

    The cross-entropy's ``δ^L = a^L − y`` is the gradient of its cost only for
    targets in ``[0, 1]`` and, after a softmax output, for target columns that
    sum to 1: in general ``δ^L_k = (Σ_j y_j) a_k − y_k`` (lesson 11).  So a
    target entry outside ``[0, 1]``, or a softmax target column whose sum is not
    1 (within ``1e-9``), raises ``ValueError`` naming the offending entries or
    columns and their values.  NaN passes here; :func:`check_finite` reports it.

    Parameters
    ----------
    Y : float array, shape (n_L, m)
    softmax : bool
        The output layer is a softmax (then the columns must also sum to 1).
    """
    if Y.size and (Y.min() < 0.0 or Y.max() > 1.0):
        outside = np.argwhere((Y < 0.0) | (Y > 1.0))
        first = tuple(int(i) for i in outside[0])
        raise ValueError(
            f"cross-entropy targets are probabilities and must lie in [0, 1], but {name} has {len(outside)} "
            f"entr{'y' if len(outside) == 1 else 'ies'} outside, the first at index {first} with value {Y[first]:.6g}; "
            f"for class labels use nnlib.data.one_hot, or use cost='quadratic' for targets that are not probabilities"
        )
    if softmax:
        sums = Y.sum(axis=0)
        bad = np.flatnonzero(np.abs(sums - 1.0) > 1e-9)
        if bad.size:
            raise ValueError(
                f"a softmax output with the cross-entropy cost needs target columns that sum to 1 (only then is "
                f"δ^L = a^L − y the gradient of the cost, lesson 11), but {bad.size} of the {Y.shape[1]} columns of "
                f"{name} do not; column (sum): {_listing(bad, sums[bad])}; "
                f"normalize them ({name} / {name}.sum(axis=0)) or use one-hot targets (nnlib.data.one_hot)"
            )


def check_count(value, name):
    """Check a positive integer such as ``epochs``, ``batch_size`` or ``n``."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


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
    if type(value) is float and 0.0 < value < math.inf:   # fast path: the usual case, a positive float
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} of type {type(value).__name__}")
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        allowed = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be finite and {allowed}, got {value!r}")
    return float(value)
