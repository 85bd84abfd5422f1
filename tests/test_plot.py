"""nnlib.plot: every figure has a title and labelled axes, and draws the numbers it is given.

conftest.py selects matplotlib's Agg backend, so nothing opens a window.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlib
from nnlib import plot


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def labelled(ax):
    return bool(ax.get_title()) and bool(ax.get_xlabel()) and bool(ax.get_ylabel())


HISTORY = {"cost": [0.5, 0.3, 0.2], "val_cost": [0.6, 0.4, 0.35], "val_accuracy": [0.7, 0.8, 0.85]}


def test_loss_curves_draws_costs_and_accuracy_on_a_twin_axis():
    ax = plot.loss_curves(HISTORY, title="run")
    assert labelled(ax) and ax.get_title() == "run"
    costs = {line.get_label(): line.get_ydata().tolist() for line in ax.get_lines()}
    assert costs == {"training cost": [0.5, 0.3, 0.2], "validation cost": [0.6, 0.4, 0.35]}
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [1, 2, 3])   # epochs count from 1
    twin = [other for other in ax.figure.axes if other is not ax]
    assert len(twin) == 1 and twin[0].get_ylabel() == "validation accuracy"
    assert twin[0].get_lines()[0].get_ydata().tolist() == [0.7, 0.8, 0.85]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["training cost", "validation cost", "validation accuracy"]


def test_loss_curves_without_validation_and_on_given_axes():
    fig, ax = plt.subplots()
    assert plot.loss_curves({"cost": [1.0, 0.5]}, ax=ax) is ax
    assert len(fig.axes) == 1 and ax.get_title() == "Learning curve"
    with pytest.raises(ValueError, match="none of"):
        plot.loss_curves({"accuracy": [0.5]})


def test_accuracy_curves_one_line_per_run():
    runs = {"quadratic": HISTORY, "cross-entropy": {"val_accuracy": [0.8, 0.9, 0.95]}}
    ax = plot.accuracy_curves(runs, title="compare")
    assert labelled(ax) and [line.get_label() for line in ax.get_lines()] == ["quadratic", "cross-entropy"]
    assert ax.get_lines()[1].get_ydata().tolist() == [0.8, 0.9, 0.95]
    ax = plot.accuracy_curves({"a": HISTORY}, key="cost", ylabel="training cost")
    assert ax.get_ylabel() == "training cost" and ax.get_lines()[0].get_ydata().tolist() == HISTORY["cost"]
    with pytest.raises(KeyError, match="no 'val_accuracy'"):
        plot.accuracy_curves({"bad": {"cost": [1.0]}})


def test_confusion_matrix_counts():
    labels = np.array([0, 0, 1, 2, 2, 2])
    predicted = np.array([0, 1, 1, 2, 0, 2])
    C = plot.confusion_matrix(labels, predicted, 3)
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert C.sum() == 6 and np.trace(C) / C.sum() == np.mean(labels == predicted)
    np.testing.assert_array_equal(C.sum(axis=1), np.bincount(labels))


@pytest.mark.parametrize("labels, predicted, match", [
    (np.array([0, 1]), np.array([0]), r"shape \(m,\)"),
    (np.array([0, 3]), np.array([0, 1]), r"0…2"),
    (np.array([0.0, 1.0]), np.array([0, 1]), "integer classes"),
])
def test_confusion_matrix_errors(labels, predicted, match):
    with pytest.raises(ValueError, match=match):
        plot.confusion_matrix(labels, predicted, 3)


def test_plot_confusion_matrix_writes_every_count():
    labels = np.array([0, 0, 1, 2, 2, 2])
    predicted = np.array([0, 1, 1, 2, 0, 2])
    ax = plot.plot_confusion_matrix(labels, predicted, 3)
    assert labelled(ax)
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["1", "1", "0", "0", "1", "0", "1", "0", "2"]   # row by row
    np.testing.assert_array_equal(ax.images[0].get_array(), plot.confusion_matrix(labels, predicted, 3))


def test_digit_grid_shows_images_and_marks_mistakes():
    X = np.random.default_rng(0).random((64, 12))
    labels = np.arange(12) % 10
    predicted = labels.copy()
    predicted[3] = 7
    axes = plot.digit_grid(X, labels=labels, predicted=predicted, n_cols=5, title="some digits")
    assert axes.shape == (3, 5)
    shown = [ax for ax in axes.flat if ax.images]
    assert len(shown) == 12
    np.testing.assert_array_equal(shown[3].images[0].get_array(), X[:, 3].reshape(8, 8))
    assert shown[3].get_title() == "true 3, pred 7" and shown[3].title.get_color() == "#c0392b"
    assert shown[0].title.get_color() == "k"
    assert axes.flat[0].figure.texts[0].get_text() == "some digits"   # the suptitle


def test_digit_grid_limits_and_errors():
    axes = plot.digit_grid(np.zeros((784, 100)), max_images=20)
    assert sum(bool(ax.images) for ax in axes.flat) == 20
    with pytest.raises(ValueError, match="square image"):
        plot.digit_grid(np.zeros((10, 3)))
    with pytest.raises(ValueError, match="one image per column"):
        plot.digit_grid(np.zeros(64))
    with pytest.raises(ValueError, match="3 entries for 2 images"):
        plot.digit_grid(np.zeros((4, 2)), labels=[1, 2, 3])


def test_layer_norms_log_scale():
    ax = plot.layer_norms({"sigmoid": [1e-4, 1e-2, 1.0], "relu": [0.2, 0.5, 1.0]}, title="norms")
    assert labelled(ax) and ax.get_yscale() == "log"
    assert [line.get_label() for line in ax.get_lines()] == ["sigmoid", "relu"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [1, 2, 3])   # layer l = 1 … L
    with pytest.raises(ValueError, match="positive values"):
        plot.layer_norms({"bad": [1.0, 0.0]})


def test_ranked_bars_orders_and_colours():
    ax = plot.ranked_bars(["good", "bad", "plot"], [1.5, -2.0, 0.1], title="words")
    assert labelled(ax)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == [-2.0, 0.1, 1.5]                                   # bottom to top: smallest first
    assert [t.get_text() for t in ax.get_yticklabels()] == ["bad", "plot", "good"]
    assert ax.patches[0].get_facecolor() != ax.patches[2].get_facecolor()   # negative and positive differ
    with pytest.raises(ValueError, match="one value per name"):
        plot.ranked_bars(["a", "b"], [1.0])


def test_decision_boundary_for_xor():
    X, y = nnlib.data.xor()
    net = nnlib.Network([3, 4, 1], seed=0)
    ax = plot.decision_boundary(net, X, y[0].astype(int), fixed=[0, 0, 1], resolution=20)
    assert labelled(ax)
    np.testing.assert_array_equal(ax.collections[-1].get_offsets(), X[:2].T)   # the four examples


def test_every_helper_is_exported():
    for name in plot.__all__:
        assert callable(getattr(plot, name))
