"""The course's figures: every plotting helper that the notebooks share.

* :func:`computation_graph` — a computation graph with values and derivatives (lesson 02);
* :func:`loss_curves`, :func:`accuracy_curves` — one training run, or several compared (lessons 07–11);
* :func:`decision_boundary` — a network's output over the plane (lesson 08);
* :func:`digit_grid`, :func:`confusion_matrix`, :func:`plot_confusion_matrix` — images and errors (lesson 09);
* :func:`ranked_bars` — the largest positive and negative weights (lesson 10);
* :func:`layer_norms` — ``‖δ^l‖`` by layer on a log scale (lesson 11).

Each function draws on a matplotlib ``Axes`` (a new figure when ``ax`` is
``None``), gives it a title and labelled axes, and returns the ``Axes``
(:func:`digit_grid`, which makes a grid, returns the array of them).
"""

import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "computation_graph",
    "loss_curves",
    "decision_boundary",
    "digit_grid",
    "confusion_matrix",
    "plot_confusion_matrix",
    "layer_norms",
    "accuracy_curves",
    "ranked_bars",
]


def _axes(ax, figsize):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _fmt(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def computation_graph(graph, ax=None, title=None):
    """Draw an :class:`nnlib.graph.Graph` left to right (lesson 02).

    Each operation sits one column past its deepest input, and each input one
    column before its first consumer, so a late input (the tax) stands next to
    the node that uses it.  Inputs are stacked in the order a walk back from
    the output meets them, and an operation sits level with the mean of its
    inputs, so a tree-shaped graph draws without crossings.  Above each node
    is its forward value (black); below it, after ``graph.set_grad``, the
    derivative of the output with respect to that node (red).  An input used
    twice by one node gets two curved arrows: the two paths whose
    contributions the backward pass adds.
    """
    from matplotlib.patches import FancyArrowPatch

    nodes, edges = graph.nodes, graph.edges
    parents = {name: [a for a, b in edges if b == name] for name in nodes}
    children = {name: [b for a, b in edges if a == name] for name in nodes}
    column = graph.layers()
    for name in nodes:
        if not parents[name] and children[name]:
            column[name] = min(column[c] for c in children[name]) - 1
    # Rows: leaves in the order a depth-first walk back from the outputs meets them.
    leaves, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        for p in parents[name]:
            visit(p)
        if not parents[name]:
            leaves.append(name)

    outputs = [name for name in nodes if not children[name]]
    for name in outputs:
        visit(name)
    row = {name: -float(i) for i, name in enumerate(leaves)}
    for name in nodes:  # insertion order is topological: inputs are added before the ops that use them
        if parents[name]:
            ps = list(dict.fromkeys(parents[name]))
            row[name] = sum(row[p] for p in ps) / len(ps)
    n_cols = max(column.values()) - min(column.values()) + 1
    span = max(row.values()) - min(row.values()) + 1
    if ax is None:
        _, ax = plt.subplots(figsize=(2.4 * n_cols + 0.8, 1.0 * span + 1.4))
    boxes = {}
    for name, node in nodes.items():
        x, y = column[name], row[name]
        is_op = node["op"] is not None
        boxes[name] = ax.text(x, y, node["op"] if is_op else name, ha="center", va="center", fontsize=12, zorder=2,
                              bbox=dict(boxstyle="circle,pad=0.3" if is_op else "round,pad=0.35",
                                        fc="#dde8f6" if is_op else "#f4f4f4", ec="0.3"))
        label = f"{name} = {_fmt(node['value'])}" if is_op else _fmt(node["value"])
        plain = dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85)
        ax.text(x, y + 0.24, label, ha="center", va="bottom", fontsize=10, zorder=4, bbox=plain)
        if node["grad"] is not None:
            ax.text(x, y - 0.24, _fmt(node["grad"]), ha="center", va="top", fontsize=10, color="#c0392b",
                    zorder=4, bbox=plain)
    count = {}
    for a, b in edges:
        count[(a, b)] = count.get((a, b), 0) + 1
    drawn = {}
    for a, b in edges:
        k = drawn.get((a, b), 0)
        drawn[(a, b)] = k + 1
        n = count[(a, b)]
        rad = 0.0 if n == 1 else 0.35 * (2 * k / (n - 1) - 1)
        (xa, ya), (xb, yb) = (column[a], row[a]), (column[b], row[b])
        for other in nodes:  # an arrow that skips a column bends around any node in its way
            if n == 1 and xa < column[other] < xb:
                gap = ya + (yb - ya) * (column[other] - xa) / (xb - xa) - row[other]
                if abs(gap) < 0.6:
                    rad = -0.3 if gap >= 0 else 0.3   # arc3 bends left-to-right arrows up for rad < 0
        # Drawn above the node boxes, so they are clipped to boxes whose size is already known.
        ax.add_patch(FancyArrowPatch((xa, ya), (xb, yb), patchA=boxes[a].get_bbox_patch(),
                                     patchB=boxes[b].get_bbox_patch(), arrowstyle="-|>", mutation_scale=14,
                                     connectionstyle=f"arc3,rad={rad}", color="0.35", lw=1.2, zorder=3))
    xs, ys = list(column.values()), list(row.values())
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    out = outputs[-1] if outputs else "output"
    ax.set_xlabel(f"forward → (black, above: values)      backward ← (red, below: ∂{out}/∂node)")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(title or "Computation graph")
    return ax


_CURVE_LABELS = {"cost": "training cost", "val_cost": "validation cost", "val_accuracy": "validation accuracy"}


def loss_curves(history, ax=None, title=None, keys=("cost", "val_cost")):
    """Plot the per-epoch curves of a ``Network.fit`` history (lessons 07–11).

    The costs named by ``keys`` share the left axis; the validation accuracy,
    when the history has one, gets a twin axis on the right.  The legend sits
    below the axes, where it covers no curve.

    Parameters
    ----------
    history : dict
        ``Network.fit``'s return value: lists indexed by epoch.
    keys : sequence of str
        The cost curves to draw, of those present.

    Returns
    -------
    The ``Axes`` of the costs.
    """
    from matplotlib.ticker import MaxNLocator

    present = [key for key in keys if len(history.get(key, ()))]
    if not present and not len(history.get("val_accuracy", ())):
        raise ValueError(f"the history has none of {list(keys) + ['val_accuracy']} to plot; it has {sorted(history)}")
    ax = _axes(ax, (7, 4))
    for key in present:
        epochs = np.arange(1, len(history[key]) + 1)
        ax.plot(epochs, history[key], marker=".", label=_CURVE_LABELS.get(key, key.replace("_", " ")))
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost J")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    lines, labels = ax.get_legend_handles_labels()
    if len(history.get("val_accuracy", ())):
        ax2 = ax.twinx()
        epochs = np.arange(1, len(history["val_accuracy"]) + 1)
        (line,) = ax2.plot(epochs, history["val_accuracy"], color="tab:green", marker=".")
        ax2.set_ylabel("validation accuracy")
        lines.append(line)
        labels.append(_CURVE_LABELS["val_accuracy"])
    ax.legend(lines, labels, loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=len(lines), frameon=False)
    ax.set_title(title or "Learning curve")
    return ax


def decision_boundary(net, X, labels, ax=None, title=None, resolution=200, dims=(0, 1), fixed=None):
    """Shade the plane by the network's output and scatter the examples.

    Parameters
    ----------
    net : Network with one output unit (or several: the predicted class is shaded)
    X : array, shape (n_0, m)
        Columns are examples; ``dims`` picks the two plotted inputs.
    labels : int array, shape (m,)
    fixed : array, shape (n_0,), optional
        Values for the inputs that are not plotted (for XOR's constant third input).
    """
    ax = _axes(ax, (5, 4.5))
    i, j = dims
    lo = X[[i, j]].min(axis=1) - 0.5
    hi = X[[i, j]].max(axis=1) + 0.5
    u, v = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.tile((np.zeros(X.shape[0]) if fixed is None else np.asarray(fixed, dtype=float))[:, None], (1, u.size))
    grid[i], grid[j] = u.ravel(), v.ravel()
    out = net.feedforward(grid)
    values = out[0] if out.shape[0] == 1 else out.argmax(axis=0)
    mesh = ax.contourf(u, v, values.reshape(u.shape), levels=20 if out.shape[0] == 1 else None, cmap="RdBu_r", alpha=0.8)
    plt.colorbar(mesh, ax=ax, label="network output $a^L$" if out.shape[0] == 1 else "predicted class")
    if out.shape[0] == 1:
        ax.contour(u, v, values.reshape(u.shape), levels=[0.5], colors="k", linewidths=1.5)
    ax.scatter(X[i], X[j], c=labels, cmap="RdBu_r", edgecolors="k", s=80, zorder=3)
    ax.set_xlabel(f"$x_{i + 1}$")
    ax.set_ylabel(f"$x_{j + 1}$")
    ax.set_title(title or "Decision boundary (black line: output 0.5)")
    return ax


def digit_grid(X, labels=None, predicted=None, n_cols=10, title=None, max_images=40):
    """Show the columns of ``X`` as square grey images, captioned with label and prediction (lesson 09).

    A caption is red where the prediction differs from the label.

    Parameters
    ----------
    X : array, shape (side², m)
        One image per column, such as the 64 pixels of an 8×8 digit or the 784 of a 28×28 one.
    labels, predicted : int arrays, shape (m,), optional
    n_cols : int
        Images per row.
    max_images : int
        Show at most this many (the first columns).

    Returns
    -------
    array of ``Axes``, shape (n_rows, n_cols)
    """
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"expected X of shape (pixels, m) with one image per column, got shape {X.shape}")
    side = int(round(np.sqrt(X.shape[0])))
    if side * side != X.shape[0]:
        raise ValueError(f"a column of X must hold a square image, got {X.shape[0]} pixels (not a perfect square)")
    for name, values in (("labels", labels), ("predicted", predicted)):
        if values is not None and len(values) != X.shape[1]:
            raise ValueError(f"{name} has {len(values)} entries for {X.shape[1]} images; give one per column of X")
    n = min(X.shape[1], max_images)
    n_rows = max(1, int(np.ceil(n / n_cols)))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(1.3 * n_cols, 1.5 * n_rows + 0.5), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if k >= n:
            ax.axis("off")
            continue
        ax.imshow(X[:, k].reshape(side, side), cmap="gray_r")
        caption = []
        if labels is not None:
            caption.append(f"true {labels[k]}")
        if predicted is not None:
            caption.append(f"pred {predicted[k]}")
        wrong = predicted is not None and labels is not None and predicted[k] != labels[k]
        ax.set_title(", ".join(caption), fontsize=9, color="#c0392b" if wrong else "k")
    fig.suptitle(title or "Digits", fontsize=12)
    fig.tight_layout()
    return axes


def confusion_matrix(labels, predicted, n_classes):
    """Counts ``C[i, j]`` of the examples of true class ``i`` predicted as class ``j``.

    The diagonal holds the correct answers, so ``trace(C) / m`` is the
    accuracy and row ``i`` sums to the number of examples of class ``i``.

    Parameters
    ----------
    labels, predicted : int arrays, shape (m,)
    n_classes : int

    Returns
    -------
    C : int array, shape (n_classes, n_classes)
    """
    labels = np.asarray(labels)
    predicted = np.asarray(predicted)
    if labels.ndim != 1 or labels.shape != predicted.shape:
        raise ValueError(f"labels and predicted must both have shape (m,), got {labels.shape} and {predicted.shape}")
    for name, values in (("labels", labels), ("predicted", predicted)):
        if values.size and (values.dtype.kind not in "iu" or values.min() < 0 or values.max() >= n_classes):
            raise ValueError(f"{name} must be integer classes 0…{n_classes - 1}, got dtype {values.dtype} "
                             f"with values from {values.min()} to {values.max()}")
    C = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(C, (labels, predicted), 1)
    return C


def plot_confusion_matrix(labels, predicted, n_classes, ax=None, title=None):
    """Draw :func:`confusion_matrix` as a heat map with the count in every cell (lesson 09)."""
    C = confusion_matrix(labels, predicted, n_classes)
    ax = _axes(ax, (5.5, 5))
    ax.imshow(C, cmap="Blues")
    for i in range(n_classes):
        for j in range(n_classes):
            ax.text(j, i, str(C[i, j]), ha="center", va="center", fontsize=8,
                    color="white" if C[i, j] > C.max() / 2 else "black")
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title or "Confusion matrix")
    return ax


def layer_norms(norms, ax=None, title=None):
    """Plot ``‖δ^l‖`` (or any per-layer quantity) against the layer number on a log scale (lesson 11).

    Parameters
    ----------
    norms : dict label -> sequence of positive floats
        One curve per label, value ``k`` belonging to layer ``l = k + 1``.
    """
    from matplotlib.ticker import MaxNLocator

    ax = _axes(ax, (7, 4))
    for label, values in norms.items():
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or np.any(values <= 0):
            raise ValueError(f"{label!r}: a log scale needs a 1-D sequence of positive values, got {values}")
        ax.semilogy(np.arange(1, len(values) + 1), values, marker="o", label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("layer $l$")
    ax.set_ylabel(r"$\|\delta^l\|$ (log scale)")
    ax.grid(alpha=0.3, which="major")
    ax.legend()
    ax.set_title(title or "Size of the error signal by layer")
    return ax


def accuracy_curves(histories, key="val_accuracy", ax=None, title=None, ylabel="test accuracy"):
    """Compare several training runs: one curve of ``history[key]`` per run, against the epoch.

    Parameters
    ----------
    histories : dict label -> history
        Histories returned by ``Network.fit``, keyed by the legend label.
    key : str
        Which per-epoch list to plot (``"val_accuracy"``, ``"cost"``, ``"val_cost"``).
    """
    from matplotlib.ticker import MaxNLocator

    for label, history in histories.items():
        if key not in history:
            raise KeyError(f"history {label!r} has no {key!r}; it has {sorted(history)}")
    ax = _axes(ax, (7, 4))
    for label, history in histories.items():
        values = history[key]
        ax.plot(np.arange(1, len(values) + 1), values, marker=".", label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title(title or f"{ylabel} by epoch")
    return ax


def ranked_bars(names, values, ax=None, title=None, xlabel="value"):
    """Horizontal bars for ``values``, largest at the top; negative bars red, positive blue.

    Used for the words with the largest positive and negative weights (lesson 10).

    Parameters
    ----------
    names : sequence of str, length k
    values : sequence of float, length k
    """
    names = [str(n) for n in names]
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size != len(names):
        raise ValueError(f"need one value per name: got {len(names)} names and values of shape {values.shape}")
    order = np.argsort(values)
    ax = _axes(ax, (6, 0.3 * len(names) + 1.2))
    colors = np.where(values[order] < 0, "#c0392b", "#2e6fb7")
    ax.barh(np.arange(len(names)), values[order], color=colors)
    ax.set_yticks(np.arange(len(names)))
    ax.set_yticklabels([names[i] for i in order])
    ax.axvline(0.0, color="0.3", lw=0.8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("word")
    ax.set_title(title or "Ranked values")
    return ax
