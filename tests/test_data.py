"""nnlib.data: IDX files, one-hot targets, the split, the image loaders, and the synthetic reviews."""

import gzip
import struct

import numpy as np
import pytest

from nnlib import data

# ----------------------------------------------------------------- IDX files


def idx_bytes(array, dtype_code=0x08):
    """The IDX encoding, written here independently of nnlib.data.write_idx."""
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, dtype_code, array.ndim]) + b"".join(struct.pack(">I", n) for n in array.shape)
    return header + array.tobytes()


@pytest.fixture
def tiny_mnist():
    rng = np.random.default_rng(7)
    images = rng.integers(0, 256, size=(5, 3, 4), dtype=np.uint8)  # 5 images of 3×4 pixels
    images[0, 0, 0], images[1, 2, 3] = 0, 255                       # both ends of the range appear
    labels = np.array([3, 0, 9, 3, 1], dtype=np.uint8)
    return images, labels


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_load_mnist_idx_reads_files_written_by_hand(tmp_path, tiny_mnist, suffix):
    images, labels = tiny_mnist
    opener = gzip.open if suffix else open
    with opener(tmp_path / f"images-idx3-ubyte{suffix}", "wb") as f:
        f.write(idx_bytes(images))
    with opener(tmp_path / f"labels-idx1-ubyte{suffix}", "wb") as f:
        f.write(idx_bytes(labels))
    X, y = data.load_mnist_idx(tmp_path / f"images-idx3-ubyte{suffix}", tmp_path / f"labels-idx1-ubyte{suffix}")
    assert X.shape == (12, 5) and X.dtype == np.float64 and X.flags.f_contiguous
    assert y.dtype == np.int64 and y.tolist() == [3, 0, 9, 3, 1]
    # Column k is image k read row by row, scaled to [0, 1].
    np.testing.assert_array_equal(X[:, 2], images[2].reshape(-1) / 255.0)
    assert X.min() == 0.0 and X.max() == 1.0


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_write_idx_round_trips(tmp_path, tiny_mnist, suffix):
    images, labels = tiny_mnist
    data.write_idx(tmp_path / f"i{suffix}", images)
    data.write_idx(tmp_path / f"l{suffix}", labels)
    X, y = data.load_mnist_idx(tmp_path / f"i{suffix}", tmp_path / f"l{suffix}")
    np.testing.assert_array_equal(np.rint(X.T.reshape(images.shape) * 255).astype(np.uint8), images)
    np.testing.assert_array_equal(y, labels)
    if not suffix:
        assert (tmp_path / "i").read_bytes() == idx_bytes(images)   # the same bytes as the reference encoder


def write(path, payload):
    path.write_bytes(payload)
    return path


def test_idx_bad_magic_number(tmp_path, tiny_mnist):
    images, labels = tiny_mnist
    good_labels = write(tmp_path / "labels", idx_bytes(labels))
    bad = write(tmp_path / "images", b"\x08\x03" + idx_bytes(images)[2:])
    with pytest.raises(ValueError, match="not an IDX file.*two zero bytes"):
        data.load_mnist_idx(bad, good_labels)
    with pytest.raises(ValueError, match="shorter than the 4-byte magic"):
        data.load_mnist_idx(write(tmp_path / "short", b"\x00\x00"), good_labels)
    with pytest.raises(ValueError, match="type 0x08.*got type 0x0d"):
        data.load_mnist_idx(write(tmp_path / "floats", idx_bytes(images, dtype_code=0x0D)), good_labels)
    with pytest.raises(ValueError, match="0 dimensions"):
        data.load_mnist_idx(write(tmp_path / "scalar", b"\x00\x00\x08\x00"), good_labels)


def test_idx_truncated_files(tmp_path, tiny_mnist):
    images, labels = tiny_mnist
    good_labels = write(tmp_path / "labels", idx_bytes(labels))
    full = idx_bytes(images)
    with pytest.raises(ValueError, match=r"truncated: its header promises shape \(5, 3, 4\) \(60 bytes"):
        data.load_mnist_idx(write(tmp_path / "body", full[:-7]), good_labels)
    with pytest.raises(ValueError, match="truncated: the header needs 16 bytes"):
        data.load_mnist_idx(write(tmp_path / "header", full[:10]), good_labels)
    with pytest.raises(ValueError, match="trailing bytes"):
        data.load_mnist_idx(write(tmp_path / "long", full + b"\x00"), good_labels)
    with gzip.open(tmp_path / "cut.gz", "wb") as f:   # a truncated body inside a valid gzip stream
        f.write(full[:-1])
    with pytest.raises(ValueError, match="truncated"):
        data.load_mnist_idx(tmp_path / "cut.gz", good_labels)


def test_idx_mismatched_pair(tmp_path, tiny_mnist):
    images, labels = tiny_mnist
    i = write(tmp_path / "images", idx_bytes(images))
    with pytest.raises(ValueError, match="5 images but 4 labels"):
        data.load_mnist_idx(i, write(tmp_path / "labels", idx_bytes(labels[:4])))
    with pytest.raises(ValueError, match=r"expected an image file of shape \(m, rows, cols\)"):
        data.load_mnist_idx(write(tmp_path / "flat", idx_bytes(labels)), write(tmp_path / "l2", idx_bytes(labels)))
    with pytest.raises(ValueError, match=r"expected a label file of shape \(m,\)"):
        data.load_mnist_idx(i, i)


def test_write_idx_refuses_other_dtypes(tmp_path):
    with pytest.raises(TypeError, match="uint8"):
        data.write_idx(tmp_path / "x", np.zeros(3))


# ------------------------------------------------------------------ one_hot


def test_one_hot():
    Y = data.one_hot(np.array([2, 0, 1, 2]), 3)
    np.testing.assert_array_equal(Y, [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]])
    assert Y.shape == (3, 4) and Y.dtype == np.float64
    assert data.one_hot(np.array([], dtype=int), 4).shape == (4, 0)


@pytest.mark.parametrize("labels, n, error, match", [
    (np.array([0, 3]), 3, ValueError, r"0…2, got values from 0 to 3"),
    (np.array([-1, 0]), 3, ValueError, "0…2"),
    (np.array([[0, 1]]), 3, ValueError, r"shape \(m,\)"),
    (np.array([0.0, 1.0]), 3, TypeError, "integers"),
    (np.array([0, 1]), 0, ValueError, "positive int"),
])
def test_one_hot_errors(labels, n, error, match):
    with pytest.raises(error, match=match):
        data.one_hot(labels, n)


# -------------------------------------------------------------------- split


def test_split_is_stratified_disjoint_and_complete():
    labels = np.repeat(np.arange(4), [10, 20, 30, 40])         # sorted by label, like the MNIST file
    X = np.asfortranarray(np.vstack([np.arange(100.0), labels]))  # row 1 carries the label along
    X_train, l_train, X_test, l_test = data.split(X, labels, test_fraction=0.2, seed=3)
    np.testing.assert_array_equal(np.bincount(l_test), [2, 4, 6, 8])
    np.testing.assert_array_equal(np.bincount(l_train), [8, 16, 24, 32])
    ids = np.concatenate([X_train[0], X_test[0]])
    assert sorted(ids.tolist()) == list(range(100))              # every example exactly once
    np.testing.assert_array_equal(X_train[1], l_train)           # columns moved together with their labels
    np.testing.assert_array_equal(X_test[1], l_test)
    assert X_train.flags.f_contiguous and X_test.flags.f_contiguous
    assert not np.all(np.diff(l_train) >= 0)                     # shuffled, no longer sorted


def test_split_is_deterministic_and_seeded():
    labels = np.arange(200) % 5
    X = np.arange(200.0).reshape(1, -1)
    first = data.split(X, labels, 0.25, seed=11)
    again = data.split(X, labels, 0.25, seed=11)
    other = data.split(X, labels, 0.25, seed=12)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[2], other[2])


def test_split_works_for_c_ordered_input():
    X = np.arange(30.0).reshape(3, 10)                # C order
    labels = np.array([0, 1] * 5)
    X_train, l_train, X_test, _ = data.split(X, labels, 0.4, seed=0)
    assert X_train.flags.f_contiguous and X_test.shape == (3, 4)
    np.testing.assert_array_equal(X_train[1], X_train[0] + 10)  # columns kept whole


@pytest.mark.parametrize("fraction", [0, 1, -0.1, 1.5])
def test_split_rejects_bad_fractions(fraction):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        data.split_indices(np.zeros(10, dtype=int), fraction, seed=0)


def test_split_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(n_0, m\)"):
        data.split(np.zeros((3, 10)), np.zeros(9, dtype=int), 0.2, seed=0)


# ----------------------------------------------------------- image loaders


def check_images(parts, n_0, m_train, m_test):
    X_train, l_train, X_test, l_test = parts
    assert X_train.shape == (n_0, m_train) and X_test.shape == (n_0, m_test)
    for X in (X_train, X_test):
        assert X.dtype == np.float64 and X.flags.f_contiguous
        assert X.min() == 0.0 and X.max() == 1.0
    for labels in (l_train, l_test):
        assert labels.dtype == np.int64 and set(np.unique(labels)) == set(range(10))


def test_load_digits():
    parts = data.load_digits()
    check_images(parts, 64, 1438, 359)
    X_train, _, X_test, _ = parts
    assert np.allclose(np.concatenate([X_train, X_test], axis=1) * 16, np.rint(np.concatenate([X_train, X_test], axis=1) * 16))
    again = data.load_digits()
    np.testing.assert_array_equal(parts[3], again[3])


def test_load_mnist_sample():
    parts = data.load_mnist_sample()
    check_images(parts, 784, 4000, 1000)
    np.testing.assert_array_equal(np.bincount(parts[1]), [400] * 10)
    np.testing.assert_array_equal(np.bincount(parts[3]), [100] * 10)
    assert data.mnist_sample_path().name == "mnist_5k.csv.gz"
    assert "LeCun" in data.MNIST_CREDIT and "BSD" in data.MNIST_CREDIT


# ------------------------------------------------------------------ reviews


def test_generate_reviews_is_deterministic_and_labelled():
    texts, labels, flipped = data.generate_reviews(600, seed=5)
    again = data.generate_reviews(600, seed=5)
    assert texts == again[0] and np.array_equal(labels, again[1]) and np.array_equal(flipped, again[2])
    assert texts != data.generate_reviews(600, seed=6)[0]
    assert len(texts) == 600 and labels.dtype == np.int64 and set(labels.tolist()) == {0, 1}
    assert 0.4 < labels.mean() < 0.6 and 0.02 < flipped.mean() < 0.09
    assert all(t.endswith(".") and t == t.lower() for t in texts)


def test_reviews_use_only_the_documented_vocabulary_and_contain_negations():
    texts, _, _ = data.generate_reviews(1000, seed=0)
    vocabulary = {w for words in data.REVIEW_WORDS.values() for w in words}
    used = {w for t in texts for w in data.tokenize(t)}
    assert used == vocabulary
    negated = np.mean([("not" in data.tokenize(t)) or ("never" in data.tokenize(t)) for t in texts])
    assert 0.05 < negated < 0.5


def test_review_labels_follow_the_clause_polarities():
    texts, labels, flipped = data.generate_reviews(2000, seed=1, noise=0.0)
    assert not flipped.any()
    strong_pos = set(data.REVIEW_WORDS["positive_strong"])
    strong_neg = set(data.REVIEW_WORDS["negative_strong"])
    for text, label in zip(texts, labels):
        words = data.tokenize(text)
        if not ({"not", "never"} & set(words)):
            # Without negations, a review of only strong positive sentiment words is positive and vice versa.
            sentiment = [w for w in words if w in strong_pos | strong_neg | set(data.REVIEW_WORDS["positive_mild"])
                         | set(data.REVIEW_WORDS["negative_mild"]) | set(data.REVIEW_WORDS["verbs_positive"])
                         | set(data.REVIEW_WORDS["verbs_negative"])]
            if sentiment and set(sentiment) <= strong_pos:
                assert label == 1, text
            if sentiment and set(sentiment) <= strong_neg:
                assert label == 0, text


def test_review_label_noise_flips_the_requested_fraction():
    _, clean, _ = data.generate_reviews(3000, seed=2, noise=0.0)
    _, noisy, flipped = data.generate_reviews(3000, seed=2, noise=0.1)
    np.testing.assert_array_equal(noisy[flipped], 1 - clean[flipped])
    np.testing.assert_array_equal(noisy[~flipped], clean[~flipped])
    assert 0.08 < flipped.mean() < 0.12


@pytest.mark.parametrize("kwargs, match", [({"n": 0}, "positive int"), ({"noise": 0.5}, r"\[0, 0.5\)"),
                                            ({"noise": -0.1}, r"\[0, 0.5\)")])
def test_generate_reviews_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        data.generate_reviews(**kwargs)


def test_load_reviews_is_a_stratified_split_of_the_corpus():
    texts, labels, _ = data.generate_reviews(800, seed=4)
    t_train, l_train, t_test, l_test = data.load_reviews(800, test_fraction=0.25, seed=4)
    assert len(t_train) == len(l_train) and len(t_test) == len(l_test) and len(t_train) + len(t_test) == 800
    assert sorted(t_train + t_test) == sorted(texts)
    assert abs(len(t_test) - 200) <= 1
    assert abs(l_test.mean() - labels.mean()) < 0.01


def test_tokenize():
    assert data.tokenize("The plot, honestly: NOT good!  2 stars") == ["the", "plot", "honestly", "not", "good", "stars"]


def test_bag_of_words_counts_with_examples_as_columns():
    bow = data.BagOfWords()
    X = bow.fit_transform(["good good plot", "bad plot.", "Plot twist"])
    assert bow.vocabulary == ["bad", "good", "plot", "twist"]
    np.testing.assert_array_equal(X, [[0, 1, 0], [2, 0, 0], [1, 1, 1], [0, 0, 1]])
    assert X.shape == (4, 3) and X.dtype == np.float64 and X.flags.f_contiguous
    np.testing.assert_array_equal(bow.transform(["unknown words good"]), [[0], [1], [0], [0]])
    binary = data.BagOfWords(binary=True).fit(["good good plot"])
    np.testing.assert_array_equal(binary.transform(["good good good"]), [[1], [0]])


def test_bag_of_words_errors():
    with pytest.raises(ValueError, match="call fit"):
        data.BagOfWords().transform(["good"])
    with pytest.raises(TypeError, match="single str"):
        data.BagOfWords().fit("good plot")
    with pytest.raises(TypeError, match="single str"):
        data.BagOfWords().fit(["good"]).transform("good")


def test_xor():
    X, y = data.xor()
    assert X.shape == (3, 4) and y.shape == (1, 4)
    np.testing.assert_array_equal(y[0], np.logical_xor(X[0], X[1]).astype(float))
