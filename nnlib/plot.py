"""The course's figures: every plotting helper that the notebooks share.

* :func:`computation_graph` — a computation graph with values and derivatives (lesson 02);
* :func:`loss_curves`, :func:`accuracy_curves` — one training run, or several compared (lessons 07–11);
* :func:`decision_boundary` — a network's output over the plane (lesson 08);
* :func:`digit_grid`, :func:`confusion_matrix`, :func:`plot_confusion_matrix` — images and errors (lesson 09);
* :func:`ranked_bars` — the largest positive and negative weights (lesson 10);
* :func:`layer_norms` — ``‖δ^l‖`` by layer on a log scale (lesson 11);
* :func:`network_diagram` — units and weights of a network, its layers in the course's and Ng's numbering,
  with overlays for δ per unit, chosen paths and the weights leaving a unit (lessons 00, 03, 04);
* :func:`outer_product` — ``∂C/∂W^l = δ^l (a^{l-1})ᵀ`` as a grid of products (lesson 05);
* :func:`batch_matrix` — a batch with one column per example (lesson 07).

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
    "network_diagram",
    "unit_position",
    "outer_product",
    "batch_matrix",
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


# --------------------------------------------------------------------------- network diagrams (lessons 00–05, 07)
_DX = 2.6                      # distance between two layers, in data units
_DY = 1.25                     # distance between two units of a layer
_R = 0.27                      # radius of a unit's circle
_PATH_COLOURS = ("#e67e22", "#8e44ad", "#16a085", "#c0392b")
_LEAVING_COLOUR = "#2e8b57"


def _network_sizes(net):
    """``(sizes, weights)`` of a ``Network``, or of a list of layer widths (``weights`` is then ``None``)."""
    if hasattr(net, "sizes") and hasattr(net, "weights"):
        return [int(n) for n in net.sizes], [np.asarray(W, dtype=float) for W in net.weights]
    try:
        sizes = [int(n) for n in net]
    except TypeError:
        raise TypeError(f"expected a Network or a list of layer sizes [n_0, …, n_L], got {type(net).__name__}") from None
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least two layers of at least one unit each, got {sizes}")
    return sizes, None


def unit_position(sizes, l, j):
    """Where :func:`network_diagram` draws unit ``j`` (counted from 1, top down) of layer ``l``.

    Layers run left to right at ``x = 2.6 l``; the units of a layer are 1.25
    apart and centred on ``y = 0``, unit 1 at the top.

    Returns
    -------
    (x, y) : tuple of float
    """
    sizes = list(sizes)
    if not 0 <= l < len(sizes):
        raise ValueError(f"layer l = {l} does not exist: the network has layers 0 … {len(sizes) - 1}")
    if not 1 <= j <= sizes[l]:
        raise ValueError(f"unit j = {j} does not exist in layer {l}, whose units are 1 … {sizes[l]} (counted from 1)")
    return _DX * l, _DY * ((sizes[l] - 1) / 2 - (j - 1))


def _unit_values(values, sizes, what):
    """Check a ``{l: vector}`` mapping against the layer widths; return ``{l: 1-D float array}``."""
    out = {}
    for l, v in (values or {}).items():
        v = np.asarray(v, dtype=float)
        if v.ndim == 2 and v.shape[1] == 1:
            v = v[:, 0]                                  # (n_l, 1) -> (n_l,)
        if not 0 <= l < len(sizes) or v.shape != (sizes[l],):
            expected = f"({sizes[l]},) or ({sizes[l]}, 1)" if 0 <= l < len(sizes) else "a layer that exists"
            raise ValueError(f"{what}[{l}] has shape {v.shape}; layer {l} needs {expected} "
                             f"(one example: pass a column such as deltas[l-1][:, [0]])")
        out[l] = v
    return out


def _segment(ax, p, q, offset, **kw):
    """A line from ``p`` to ``q`` shifted sideways by ``offset`` (so that parallel paths stay visible)."""
    (x0, y0), (x1, y1) = p, q
    nx, ny = -(y1 - y0), x1 - x0
    norm = np.hypot(nx, ny)
    dx, dy = offset * nx / norm, offset * ny / norm
    (line,) = ax.plot([x0 + dx, x1 + dx], [y0 + dy, y1 + dy], solid_capstyle="round", **kw)
    return line


def network_diagram(net, ax=None, title=None, *, ng=True, deltas=None, delta_symbol=r"\delta", paths=None,
                    path_labels=None, leaving=None, annotate=None, figsize=None):
    """Draw a fully connected network: units, weights, and the layer labels of both numberings.

    The course numbers the layers ``0 … L`` and names ``W^l`` after the layer it
    feeds; Ng (seed 001) numbers them ``1 … L+1`` and names ``w^{(l)}`` after
    the layer it leaves.  With ``ng=True`` each layer carries both numbers
    (course ``l`` is Ng's ``(l+1)``), and each matrix both names: the matrix
    into course layer ``l`` leaves Ng's layer ``(l)``, so it is ``W^l`` here
    and ``w^{(l)}`` in Ng's notes (lessons 00 and 04).

    Units are numbered from 1, top down, as in ``w^l_{jk}`` (``unit_position``
    gives their coordinates).  Every artist carries a ``gid`` that names what
    it shows, e.g. ``"unit:2:1"``, ``"weight:2:1:3"`` (``w^2_{13}``),
    ``"layer:2"``, ``"ng-layer:2"``, ``"matrix:2"``, ``"ng-matrix:2"``,
    ``"delta:2:1"``, ``"path:0:2:1:3:1"`` (path 0, from unit (2, 1) to (3, 1)),
    ``"leaving:3:2:1"`` (``w^3_{21}``, a weight leaving unit 1 of layer 2),
    ``"leaving-value:3:2:1"`` and ``"note:3:1"``.

    Parameters
    ----------
    net : Network or list of int
        A ``Network`` (its weights colour the lines: blue positive, red
        negative, width ∝ ``|w|``) or the layer sizes ``[n_0, …, n_L]``.
    ng : bool
        Also label layers and matrices in Ng's numbering.
    deltas : dict l -> array, shape (n_l,) or (n_l, 1), optional
        Errors ``δ^l`` of one example: each unit of layer ``l`` is coloured by its
        value (one shared, symmetric colour scale) and its value is written beside it.
    delta_symbol : str
        The mathtext symbol written before each value (``r"\\delta"``).
    paths : list of lists of (l, j), optional
        Chains of units in consecutive layers; each is drawn as a thick line
        in its own colour.  A segment shared by several paths is drawn once
        per path, side by side.
    path_labels : list of str, optional
        Legend entries for the paths.
    leaving : (l, j), optional
        Highlight the weights leaving unit ``j`` of layer ``l``: column ``j`` of
        ``W^{l+1}``, the weights that BP2's sum runs over.  With a ``Network``,
        each is labelled with its value.
    annotate : dict (l, j) -> str, optional
        Text written beside a unit (right of it; left of it in the input layer).

    Returns
    -------
    The ``Axes``.
    """
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.patches import Circle

    sizes, weights = _network_sizes(net)
    L = len(sizes) - 1
    deltas = _unit_values(deltas, sizes, "deltas")
    top = _DY * (max(sizes) - 1) / 2
    if ax is None:
        _, ax = plt.subplots(figsize=figsize or (2.3 * L + 2.6, 1.1 * max(sizes) + 2.3))
    pos = {(l, j): unit_position(sizes, l, j) for l in range(L + 1) for j in range(1, sizes[l] + 1)}

    # The weights: w^l_{jk} joins unit k of layer l-1 to unit j of layer l.
    biggest = max((np.abs(W).max() for W in weights), default=1.0) if weights else 1.0
    for l in range(1, L + 1):
        for j in range(1, sizes[l] + 1):
            for k in range(1, sizes[l - 1] + 1):
                if weights is None:
                    style = dict(color="0.6", lw=1.0)
                else:
                    w = weights[l - 1][j - 1, k - 1]
                    style = dict(color="#2e6fb7" if w >= 0 else "#c0392b", lw=0.4 + 2.6 * abs(w) / (biggest or 1.0))
                (line,) = ax.plot(*zip(pos[(l - 1, k)], pos[(l, j)]), alpha=0.45, zorder=1, **style)
                line.set_gid(f"weight:{l}:{j}:{k}")

    # Overlays under the units: the paths, then the weights leaving one unit.
    handles = []
    for p, path in enumerate(paths or []):
        colour = _PATH_COLOURS[p % len(_PATH_COLOURS)]
        for (l0, j0), (l1, j1) in zip(path[:-1], path[1:]):
            if l1 != l0 + 1:
                raise ValueError(f"path {p} jumps from layer {l0} to layer {l1}; a path steps one layer at a time")
            sharing = [q for q, other in enumerate(paths) if any(s == ((l0, j0), (l1, j1)) for s in zip(other, other[1:]))]
            offset = 0.07 * (sharing.index(p) - (len(sharing) - 1) / 2)
            line = _segment(ax, unit_position(sizes, l0, j0), unit_position(sizes, l1, j1), offset,
                            color=colour, lw=4.0, zorder=2)
            line.set_gid(f"path:{p}:{l0}:{j0}:{l1}:{j1}")
        if path_labels:
            handles.append(line)
            line.set_label(path_labels[p])
    if leaving is not None:
        l, j = leaving
        unit_position(sizes, l, j)
        if l >= L:
            raise ValueError(f"no weights leave layer {l}: it is the output layer; leaving needs l = 0 … {L - 1}")
        for k in range(1, sizes[l + 1] + 1):
            (x0, y0), (x1, y1) = pos[(l, j)], pos[(l + 1, k)]
            (line,) = ax.plot([x0, x1], [y0, y1], color=_LEAVING_COLOUR, lw=4.0, zorder=2, solid_capstyle="round")
            line.set_gid(f"leaving:{l + 1}:{k}:{j}")
            label = f"$w^{{{l + 1}}}_{{{k}{j}}}$"
            if weights is not None:
                label += f" = {weights[l][k - 1, j - 1]:.3g}"
            t = 0.6
            text = ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), label, ha="center", va="center", fontsize=9,
                           color=_LEAVING_COLOUR, zorder=5,
                           bbox=dict(boxstyle="round,pad=0.15", fc="white", ec=_LEAVING_COLOUR, lw=0.8))
            text.set_gid(f"leaving-value:{l + 1}:{k}:{j}")

    # The units: white, or coloured by δ where given.
    norm = None
    if deltas:
        largest = max(float(np.abs(v).max()) for v in deltas.values()) or 1.0
        norm = TwoSlopeNorm(vcenter=0.0, vmin=-largest, vmax=largest)
    cmap = plt.get_cmap("RdBu_r")
    for (l, j), (x, y) in pos.items():
        face = cmap(norm(deltas[l][j - 1])) if l in deltas else "white"
        circle = Circle((x, y), _R, fc=face, ec="0.2", lw=1.2, zorder=3)
        circle.set_gid(f"unit:{l}:{j}")
        ax.add_patch(circle)
        dark = l in deltas and abs(norm(deltas[l][j - 1]) - 0.5) > 0.3      # white text on a dark unit
        ax.text(x, y, f"$a^{{{l}}}_{{{j}}}$", ha="center", va="center", fontsize=11, zorder=4,
                color="white" if dark else "black")
    notes = dict(annotate or {})
    for l, values in deltas.items():
        for j, value in enumerate(values, start=1):
            x, y = pos[(l, j)]
            label = f"${delta_symbol}^{{{l}}}_{{{j}}}$ = {value:.3g}"
            box = dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.9)
            if l == L:      # the output layer: right of the unit, where no line runs
                text = ax.text(x + _R + 0.08, y - 0.02, label, ha="left", va="center", fontsize=10, zorder=5, bbox=box)
            else:           # elsewhere: just above the unit, between it and its neighbour
                text = ax.text(x, y + _R + 0.04, label, ha="center", va="bottom", fontsize=10, zorder=5, bbox=box)
            text.set_gid(f"delta:{l}:{j}")
    for (l, j), note in notes.items():
        x, y = unit_position(sizes, l, j)
        left = l == 0
        below = l == L and l in deltas                 # the δ label already sits right of an output unit
        text = ax.text(x - _R - 0.08 if left else x + _R + 0.08, y - 0.36 if below else y, note,
                       ha="right" if left else "left", va="center", fontsize=10, zorder=5,
                       bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85))
        text.set_gid(f"note:{l}:{j}")

    # Labels: layers below, matrices above, in the course's numbering and (ng) in Ng's.
    for l in range(L + 1):
        x = _DX * l
        text = ax.text(x, -top - 0.55, f"layer {l} ($n_{{{l}}}$ = {sizes[l]})", ha="center", va="top", fontsize=10)
        text.set_gid(f"layer:{l}")
        if ng:
            text = ax.text(x, -top - 0.97, f"Ng: layer ({l + 1})", ha="center", va="top", fontsize=10,
                           color="#7f4f24")
            text.set_gid(f"ng-layer:{l}")
    for l in range(1, L + 1):
        x = _DX * (l - 0.5)
        text = ax.text(x, top + 0.62 + (0.4 if ng else 0.0), f"$W^{{{l}}}$ ({sizes[l]}×{sizes[l - 1]})",
                       ha="center", va="bottom", fontsize=10)
        text.set_gid(f"matrix:{l}")
        if ng:
            text = ax.text(x, top + 0.62, f"Ng: $w^{{({l})}}$", ha="center", va="bottom", fontsize=10,
                           color="#7f4f24")
            text.set_gid(f"ng-matrix:{l}")

    right = max([_DX * L + 0.75] + [_DX * l + _R + 1.9 for l in deltas]
                + [_DX * l + _R + 0.25 + 0.095 * len(n) for (l, _), n in notes.items() if l > 0])
    left = min([-0.75] + [-_R - 0.25 - 0.095 * len(n) for (l, _), n in notes.items() if l == 0])
    ax.set_xlim(left - 0.3, right + 0.2)
    ax.set_ylim(-top - (1.55 if ng else 1.15), top + (1.45 if ng else 1.05))
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlabel("forward →  (weights: blue positive, red negative, width ∝ |w|)" if weights is not None
                  else "forward →")
    ax.set_ylabel("units $j$ = 1, 2, … from the top")
    if norm is not None:
        from matplotlib.cm import ScalarMappable
        bar = plt.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, fraction=0.035, pad=0.04)
        bar.set_label(f"${delta_symbol}^l_j$")
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(handles), frameon=False)
    ax.set_title(title or f"Network {sizes}")
    return ax


def outer_product(delta, a_prev, l, ax=None, title=None):
    """Draw ``∂C/∂W^l = δ^l (a^{l-1})ᵀ`` as a grid: entry ``(j, k)`` is ``δ^l_j · a^{l-1}_k`` (BP4, lesson 05).

    The column ``δ^l`` stands left of the grid, the row ``(a^{l-1})ᵀ`` above it,
    and each cell shows their product, coloured on a symmetric scale.  Texts
    carry gids ``"delta:j"``, ``"a:k"`` and ``"cell:j:k"`` (counted from 1).

    Parameters
    ----------
    delta : array, shape (n_l,) or (n_l, 1)
        The error of layer ``l`` for one example.
    a_prev : array, shape (n_{l-1},) or (n_{l-1}, 1)
        The activation of layer ``l − 1`` for the same example.
    l : int
        The layer, for the labels.

    Returns
    -------
    The ``Axes``; ``ax.images[0]`` holds the product matrix.
    """
    from matplotlib.colors import TwoSlopeNorm
    from matplotlib.patches import Rectangle

    columns = []
    for name, v in (("delta", delta), ("a_prev", a_prev)):
        v = np.asarray(v, dtype=float)
        if v.ndim == 2 and v.shape[1] == 1:
            v = v[:, 0]
        if v.ndim != 1:
            raise ValueError(f"{name} must be one example's column, shape (n,) or (n, 1), got {np.shape(v)}; "
                             f"for a batch, draw one column at a time (δ Aᵀ is the sum of their grids)")
        columns.append(v)
    delta, a_prev = columns
    grid = np.outer(delta, a_prev)                                    # (n_l, n_{l-1}), the shape of W^l
    n, n_prev = grid.shape
    ax = _axes(ax, (1.25 * n_prev + 2.6, 0.8 * n + 2.2))
    largest = float(np.abs(grid).max()) or 1.0
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-largest, vmax=largest)
    image = ax.imshow(grid, cmap="RdBu_r", norm=norm, extent=(-0.5, n_prev - 0.5, n - 0.5, -0.5))
    for (j, k), value in np.ndenumerate(grid):
        colour = "white" if abs(value) > 0.6 * largest else "black"
        t = ax.text(k, j, f"{value:.3g}", ha="center", va="center", fontsize=10, color=colour)
        t.set_gid(f"cell:{j + 1}:{k + 1}")
    ax.add_patch(Rectangle((-1.55, -0.5), 0.9, n, fc="#f4f4f4", ec="0.3", clip_on=False))
    ax.add_patch(Rectangle((-0.5, -1.5), n_prev, 0.85, fc="#f4f4f4", ec="0.3", clip_on=False))
    for j, value in enumerate(delta):
        t = ax.text(-1.1, j, f"{value:.3g}", ha="center", va="center", fontsize=10, color="#c0392b")
        t.set_gid(f"delta:{j + 1}")
    for k, value in enumerate(a_prev):
        t = ax.text(k, -1.07, f"{value:.3g}", ha="center", va="center", fontsize=10)
        t.set_gid(f"a:{k + 1}")
    ax.text(-1.1, -1.07, "×", ha="center", va="center", fontsize=14)
    ax.set_xlim(-1.6, n_prev - 0.5)
    ax.set_ylim(n - 0.5, -1.55)
    ax.set_xticks(range(n_prev), [str(k) for k in range(1, n_prev + 1)])
    ax.set_yticks(range(n), [str(j) for j in range(1, n + 1)])
    ax.xaxis.tick_top()
    ax.set_xlabel(f"$k$: unit of layer {l - 1}; the row above is $(a^{{{l - 1}}})^T$")
    ax.set_ylabel(f"$j$: unit of layer {l}; the column left is $\\delta^{{{l}}}$")
    plt.colorbar(image, ax=ax, fraction=0.04, pad=0.03, label=f"$\\delta^{{{l}}}_j\\, a^{{{l - 1}}}_k$")
    ax.set_title(title or f"$\\partial C/\\partial W^{{{l}}} = \\delta^{{{l}}} (a^{{{l - 1}}})^T$: "
                          f"entry $(j, k)$ is $\\delta^{{{l}}}_j a^{{{l - 1}}}_k$", pad=10)
    return ax


def batch_matrix(M, ax=None, title=None, name="X", column_labels=None, highlight=None, row_label=None,
                 cmap="viridis", symmetric=False):
    """Draw a batch matrix ``(n, m)`` whose columns are the examples, one column per example (lesson 07).

    Each column is framed and labelled with its example number (or
    ``column_labels``); ``highlight`` (counted from 1) outlines one column, the
    example ``i`` that every matrix of the batch shares.

    Parameters
    ----------
    M : array, shape (n, m)
    name : str
        The matrix's name, for the title and the colour bar.
    column_labels : sequence of str, length m, optional
    highlight : int, optional
        The example (column, from 1) to outline; its frame has gid ``"highlight"``.
    cmap : str
        The colour map; with ``symmetric=True`` its centre is 0 (for signed values such as δ).

    Returns
    -------
    The ``Axes``; ``ax.images[0]`` holds ``M``.
    """
    from matplotlib.patches import Rectangle

    M = np.asarray(M, dtype=float)
    if M.ndim != 2:
        raise ValueError(f"expected a batch of shape (n, m) with examples as columns, got shape {M.shape}")
    n, m = M.shape
    if column_labels is not None and len(column_labels) != m:
        raise ValueError(f"column_labels has {len(column_labels)} entries for {m} columns; give one per example")
    if highlight is not None and not 1 <= highlight <= m:
        raise ValueError(f"highlight = {highlight} is not a column of a batch of m = {m} (columns count from 1)")
    ax = _axes(ax, (0.45 * m + 2.0, 4.5))
    # Rows and columns count from 1, as units and examples do in the text.
    largest = float(np.abs(M).max()) or 1.0
    limits = dict(vmin=-largest, vmax=largest) if symmetric else {}
    image = ax.imshow(M, cmap=cmap, aspect="auto", interpolation="nearest", extent=(0.5, m + 0.5, n + 0.5, 0.5),
                      **limits)
    for i in range(1, m):
        ax.axvline(i + 0.5, color="white", lw=1.5)
    if highlight is not None:
        frame = Rectangle((highlight - 0.5, 0.5), 1, n, fill=False, ec="#e67e22", lw=3, clip_on=False)
        frame.set_gid("highlight")
        ax.add_patch(frame)
    ax.set_xticks(range(1, m + 1),
                  list(column_labels) if column_labels is not None else [str(i) for i in range(1, m + 1)])
    ax.set_xlabel("example (one column each)")
    ax.set_ylabel(row_label or f"row: unit of {name}")
    plt.colorbar(image, ax=ax, fraction=0.05, pad=0.03, label=f"entries of {name}")
    ax.set_title(title or f"{name}: shape ({n}, {m})")
    return ax
