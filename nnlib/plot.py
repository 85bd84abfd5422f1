"""The course's figures: every plotting helper used by more than one notebook.

Each function draws on a matplotlib ``Axes`` (a new figure when ``ax`` is
``None``), gives it a title and labelled axes, and returns the ``Axes``.
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
    """Plot the per-epoch curves of a ``Network.fit`` history (cost, and accuracy on a twin axis)."""
    ax = _axes(ax, (7, 4))
    for key in keys:
        if key in history and len(history[key]):
            epochs = np.arange(1, len(history[key]) + 1)
            ax.plot(epochs, history[key], marker=".", label=key.replace("_", " "))
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost J")
    lines, labels = ax.get_legend_handles_labels()
    if "val_accuracy" in history and len(history["val_accuracy"]):
        ax2 = ax.twinx()
        epochs = np.arange(1, len(history["val_accuracy"]) + 1)
        (line,) = ax2.plot(epochs, history["val_accuracy"], color="tab:green", marker=".", label="val accuracy")
        ax2.set_ylabel("validation accuracy")
        lines.append(line)
        labels.append("val accuracy")
    ax.legend(lines, labels, loc="center right")
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
    """Show columns of ``X`` as square images, captioned with label and prediction."""
    n = min(X.shape[1], max_images)
    side = int(round(np.sqrt(X.shape[0])))
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
        ax.set_title(", ".join(caption), fontsize=9, color="#c0392b" if predicted is not None and labels is not None
                     and predicted[k] != labels[k] else "k")
    fig.suptitle(title or "Digits", fontsize=12)
    fig.tight_layout()
    return axes


def confusion_matrix(labels, predicted, n_classes):
    """Counts ``C[i, j]`` of examples with true class ``i`` predicted as ``j``."""
    C = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(C, (np.asarray(labels), np.asarray(predicted)), 1)
    return C


def plot_confusion_matrix(labels, predicted, n_classes, ax=None, title=None):
    """Draw the confusion matrix with counts in the cells."""
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
    """Plot ``‖δ^l‖`` (or any per-layer quantity) against the layer number on a log scale.

    Parameters
    ----------
    norms : dict label -> sequence
        One curve per label, value ``k`` belonging to layer ``l = k + 1``.
    """
    ax = _axes(ax, (7, 4))
    for label, values in norms.items():
        ax.semilogy(np.arange(1, len(values) + 1), values, marker="o", label=label)
    ax.set_xlabel("layer $l$")
    ax.set_ylabel(r"$\|\delta^l\|$ (log scale)")
    ax.legend()
    ax.set_title(title or "Size of the error signal by layer")
    return ax
