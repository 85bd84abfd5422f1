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


# ----------------------------------------------------------------------------- network diagrams


def by_gid(ax, prefix):
    """The artists of ``ax`` whose gid starts with ``prefix``, keyed by gid."""
    found = {}
    for artist in [*ax.lines, *ax.texts, *ax.patches]:
        gid = artist.get_gid()
        if gid and gid.startswith(prefix):
            found[gid] = artist
    return found


def test_network_diagram_draws_every_unit_and_weight_where_unit_position_says():
    net = nnlib.Network([3, 4, 2], seed=1)
    ax = plot.network_diagram(net, title="net")
    assert labelled(ax) and ax.get_title() == "net"
    units = by_gid(ax, "unit:")
    assert len(units) == 3 + 4 + 2
    for l, n in enumerate(net.sizes):
        for j in range(1, n + 1):
            np.testing.assert_allclose(units[f"unit:{l}:{j}"].center, plot.unit_position(net.sizes, l, j))
    assert plot.unit_position(net.sizes, 1, 1)[1] > plot.unit_position(net.sizes, 1, 4)[1]   # unit 1 on top
    weights = by_gid(ax, "weight:")
    assert len(weights) == 3 * 4 + 4 * 2
    # w^2_{13} joins unit 3 of layer 1 to unit 1 of layer 2, coloured by its sign, thicker when larger.
    line = weights["weight:2:1:3"]
    np.testing.assert_allclose(np.column_stack(line.get_data()),
                               [plot.unit_position(net.sizes, 1, 3), plot.unit_position(net.sizes, 2, 1)])
    for gid, line in weights.items():
        l, j, k = map(int, gid.split(":")[1:])
        w = net.weights[l - 1][j - 1, k - 1]
        assert line.get_color() == ("#2e6fb7" if w >= 0 else "#c0392b")
    W = np.abs(net.weights[0])
    (j, k), (j2, k2) = np.unravel_index(W.argmax(), W.shape), np.unravel_index(W.argmin(), W.shape)
    assert weights[f"weight:1:{j + 1}:{k + 1}"].get_linewidth() > weights[f"weight:1:{j2 + 1}:{k2 + 1}"].get_linewidth()


def test_network_diagram_labels_both_numberings():
    ax = plot.network_diagram([3, 4, 4, 2])
    texts = {gid: t.get_text() for gid, t in by_gid(ax, "").items() if hasattr(t, "get_text")}
    for l, n in enumerate([3, 4, 4, 2]):
        assert texts[f"layer:{l}"] == f"layer {l} ($n_{{{l}}}$ = {n})"
        assert texts[f"ng-layer:{l}"] == f"Ng: layer ({l + 1})"            # Ng counts the input as layer 1
    # The matrix into course layer l leaves Ng's layer (l): W^l here, w^(l) in Ng's notes; placed between the layers.
    for l, (n, n_prev) in enumerate([(4, 3), (4, 4), (2, 4)], start=1):
        assert texts[f"matrix:{l}"] == f"$W^{{{l}}}$ ({n}×{n_prev})"
        assert texts[f"ng-matrix:{l}"] == f"Ng: $w^{{({l})}}$"
        x_left, x_right = plot.unit_position([3, 4, 4, 2], l - 1, 1)[0], plot.unit_position([3, 4, 4, 2], l, 1)[0]
        assert x_left < by_gid(ax, f"ng-matrix:{l}")[f"ng-matrix:{l}"].get_position()[0] < x_right
    assert all(line.get_color() == "0.6" for line in by_gid(ax, "weight:").values())   # sizes only: grey weights
    plain = plot.network_diagram([2, 2], ng=False)
    assert not by_gid(plain, "ng-") and len(by_gid(plain, "layer:")) == 2


def test_network_diagram_colours_units_by_delta_and_writes_the_values():
    net = nnlib.Network([2, 3, 2], seed=0)
    delta_L = np.array([[0.25], [-0.5]])
    delta_1 = np.array([0.1, 0.0, -0.05])
    ax = plot.network_diagram(net, deltas={2: delta_L, 1: delta_1})
    labels = by_gid(ax, "delta:")
    assert set(labels) == {"delta:2:1", "delta:2:2", "delta:1:1", "delta:1:2", "delta:1:3"}
    assert labels["delta:2:2"].get_text() == r"$\delta^{2}_{2}$ = -0.5"
    assert labels["delta:1:1"].get_text() == r"$\delta^{1}_{1}$ = 0.1"
    units = by_gid(ax, "unit:")
    red, blue = units["unit:2:1"].get_facecolor(), units["unit:2:2"].get_facecolor()
    assert red[0] > red[2] and blue[2] > blue[0]                 # positive δ red, negative δ blue
    np.testing.assert_allclose(units["unit:1:2"].get_facecolor()[:3], plt.get_cmap("RdBu_r")(0.5)[:3])  # δ = 0: centre
    assert units["unit:0:1"].get_facecolor() == (1.0, 1.0, 1.0, 1.0)      # no δ given for layer 0: white
    assert len(ax.figure.axes) == 2                                        # the colour bar
    with pytest.raises(ValueError, match=r"deltas\[2\] has shape \(3,\)"):
        plot.network_diagram(net, deltas={2: np.zeros(3)})
    with pytest.raises(ValueError, match="one example"):
        plot.network_diagram(net, deltas={1: np.zeros((3, 4))})


def test_network_diagram_paths_and_the_weights_leaving_a_unit():
    net = nnlib.Network([2, 3, 2, 2, 2], seed=4)
    paths = [[(2, 1), (3, 1), (4, 1)], [(2, 1), (3, 1), (4, 2)]]
    ax = plot.network_diagram(net, paths=paths, path_labels=["path 1", "path 2"], leaving=(3, 1),
                              annotate={(4, 1): "$J_1$", (0, 2): "input"})
    segments = by_gid(ax, "path:")
    assert set(segments) == {"path:0:2:1:3:1", "path:0:3:1:4:1", "path:1:2:1:3:1", "path:1:3:1:4:2"}
    assert segments["path:0:3:1:4:1"].get_color() != segments["path:1:3:1:4:2"].get_color()
    # The shared segment w^3_11 is drawn once per path, side by side, not on top of each other.
    shared = [np.column_stack(segments[f"path:{p}:2:1:3:1"].get_data()) for p in (0, 1)]
    assert not np.allclose(shared[0], shared[1])
    np.testing.assert_allclose((shared[0] + shared[1]) / 2,
                               [plot.unit_position(net.sizes, 2, 1), plot.unit_position(net.sizes, 3, 1)])
    np.testing.assert_allclose(np.column_stack(segments["path:1:3:1:4:2"].get_data()),
                               [plot.unit_position(net.sizes, 3, 1), plot.unit_position(net.sizes, 4, 2)])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["path 1", "path 2"]
    # Column 1 of W^4: the weights w^4_{k1} that leave unit 1 of layer 3, each with its value.
    leaving = by_gid(ax, "leaving:")
    assert set(leaving) == {"leaving:4:1:1", "leaving:4:2:1"}
    values = by_gid(ax, "leaving-value:")
    for k in (1, 2):
        assert values[f"leaving-value:4:{k}:1"].get_text() == f"$w^{{4}}_{{{k}1}}$ = {net.weights[3][k - 1, 0]:.3g}"
    notes = by_gid(ax, "note:")
    assert notes["note:4:1"].get_text() == "$J_1$" and notes["note:0:2"].get_ha() == "right"   # input: left of it
    assert notes["note:4:1"].get_position()[0] > plot.unit_position(net.sizes, 4, 1)[0]
    with pytest.raises(ValueError, match="one layer at a time"):
        plot.network_diagram(net, paths=[[(1, 1), (3, 1)]])
    with pytest.raises(ValueError, match="output layer"):
        plot.network_diagram(net, leaving=(4, 1))
    with pytest.raises(ValueError, match=r"unit j = 4 does not exist in layer 3"):
        plot.network_diagram(net, leaving=(3, 4))
    with pytest.raises(TypeError, match="Network or a list"):
        plot.network_diagram(3)


def test_outer_product_writes_each_product_in_its_cell():
    delta = np.array([[0.5], [-2.0]])
    a_prev = np.array([0.1, 0.3, 0.9])
    ax = plot.outer_product(delta, a_prev, l=2)
    assert labelled(ax) and "W^{2}" in ax.get_title()
    np.testing.assert_allclose(ax.images[0].get_array(), np.outer(delta, a_prev))
    texts = by_gid(ax, "")
    for j, d in enumerate(delta[:, 0], start=1):
        assert texts[f"delta:{j}"].get_text() == f"{d:.3g}"
        for k, a in enumerate(a_prev, start=1):
            cell = texts[f"cell:{j}:{k}"]
            assert cell.get_text() == f"{d * a:.3g}"
            assert cell.get_position() == (k - 1, j - 1)               # row j, column k: the entry w^l_jk
    assert [texts[f"a:{k}"].get_text() for k in (1, 2, 3)] == ["0.1", "0.3", "0.9"]
    with pytest.raises(ValueError, match="one example's column"):
        plot.outer_product(np.zeros((2, 5)), a_prev, l=2)


def test_batch_matrix_one_column_per_example():
    M = np.arange(12.0).reshape(3, 4)
    ax = plot.batch_matrix(M, name="X", column_labels=["7", "1", "3", "3"], highlight=2)
    assert labelled(ax) and ax.get_title() == "X: shape (3, 4)"
    np.testing.assert_array_equal(ax.images[0].get_array(), M)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["7", "1", "3", "3"]
    frame = by_gid(ax, "highlight")["highlight"]
    assert frame.get_x() == 1.5 and frame.get_width() == 1 and frame.get_height() == 3   # around column 2
    assert len([line for line in ax.lines]) == 3                                          # m − 1 separators
    with pytest.raises(ValueError, match="examples as columns"):
        plot.batch_matrix(np.zeros(4))
    with pytest.raises(ValueError, match="highlight = 5"):
        plot.batch_matrix(M, highlight=5)
    with pytest.raises(ValueError, match="3 entries for 4 columns"):
        plot.batch_matrix(M, column_labels=["a", "b", "c"])


def test_batch_matrix_symmetric_colours_centre_zero():
    M = np.array([[-1.0, 0.5], [0.25, -0.125]])
    ax = plot.batch_matrix(M, name="δ", cmap="RdBu_r", symmetric=True)
    assert ax.images[0].get_clim() == (-1.0, 1.0) and ax.images[0].get_cmap().name == "RdBu_r"
    assert plot.batch_matrix(M).images[0].get_clim() == (-1.0, 0.5)        # default: the data's range
