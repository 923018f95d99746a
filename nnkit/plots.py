"""The lessons' figures, in one style. Plotting never trains: every function takes results.

Each function draws on ``ax`` (a new figure when ``ax`` is None) and returns the Axes.

Example:
    >>> import numpy as np
    >>> from nnkit import plots, scratch
    >>> ax = plots.curve(scratch.sigmoid, np.linspace(-6, 6, 101), label="sigmoid")
    >>> ax.get_xlabel()
    'z'
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from nnkit import arguments

# One colour per role, the same in every lesson.
COLORS = {
    "numpy": "#1f77b4",  # hand-written NumPy references
    "keras": "#ff7f0e",  # TensorFlow / Keras results
    "data": "#7f7f7f",
    "highlight": "#d62728",
    "good": "#2ca02c",
    "classes": [
        "#1f77b4",
        "#ff7f0e",
        "#2ca02c",
        "#d62728",
        "#9467bd",
        "#8c564b",
        "#e377c2",
        "#7f7f7f",
        "#bcbd22",
        "#17becf",
    ],
}

STYLE = {
    "figure.figsize": (6.0, 3.6),
    "figure.dpi": 80,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "axes.prop_cycle": mpl.cycler(color=COLORS["classes"]),
    "image.cmap": "gray_r",
    "svg.hashsalt": "nnkit",  # stable ids if a figure is saved as SVG
}


def use_style() -> None:
    """Apply nnkit's matplotlib style (``nnkit.setup`` calls this).

    Example:
        >>> use_style()
        >>> import matplotlib.pyplot as plt
        >>> plt.rcParams["axes.grid"]
        True
    """
    mpl.rcParams.update(STYLE)


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots()
    return ax


def _values(f: Callable, points, *, name: str, where: str, shape=None) -> np.ndarray:
    """``f(points)`` as float values, one per point; NaN and infinity stay (a gap in the curve)."""
    values = arguments.numeric_array(f(points), f"{name}(...)", where=where, finite=False)
    expected = np.shape(points) if shape is None else shape
    if values.shape != expected:
        raise ValueError(
            f"{where}: {name} must return one value per point. Received: {name} of an array of shape "
            f"{expected} returned shape {values.shape}. Fix: make {name} element-wise, e.g. "
            f"lambda z: np.maximum(0, z), not a sum or one column of several."
        )
    return values


def curve(
    f: Callable,
    x,
    *,
    label: str,
    derivative: Callable | None = None,
    xlabel: str = "z",
    ylabel: str = "g(z)",
    title: str | None = None,
    ax=None,
):
    """Draw ``f`` over ``x``, and its derivative dashed when given.

    Example:
        >>> dtanh = lambda z: 1 - np.tanh(z) ** 2
        >>> ax = curve(np.tanh, np.linspace(-3, 3, 50), label="tanh", derivative=dtanh)
        >>> len(ax.lines)
        2
    """
    f = arguments.function(f, "f", where="curve", example="curve(np.tanh, z, label='tanh')")
    x = arguments.numeric_array(x, "x", where="curve", ndim=(1,))
    values = _values(f, x, name="f", where="curve")
    if derivative is not None:
        derivative = arguments.function(derivative, "derivative", where="curve", example="derivative=dtanh")
        slopes = _values(derivative, x, name="derivative", where="curve")
    ax = _axes(ax)
    ax.plot(x, values, label=label, color=COLORS["numpy"])
    if derivative is not None:
        ax.plot(x, slopes, "--", label=f"{label}'", color=COLORS["keras"])
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title or label)
    ax.legend()
    return ax


def timeline(events: Mapping[int, str] | Sequence[tuple[int, str]], *, title: str, ax=None):
    """Draw (year, event) pairs on a horizontal time axis, labels alternating above and below.

    Example:
        >>> ax = timeline([(1943, "McCulloch & Pitts"), (1958, "Perceptron")], title="History")
        >>> len(ax.texts)
        2
    """
    items = sorted(_events(events))
    years = [year for year, _ in items]
    if ax is None:
        span = years[-1] - years[0]
        fig, ax = plt.subplots(figsize=(min(16.0, max(8.0, span / 5.0)), 4.6))
        fig.subplots_adjust(left=0.02, right=0.98)
    ax.axhline(0, color=COLORS["data"], lw=1, zorder=1)
    ax.scatter(years, np.zeros(len(years)), color=COLORS["highlight"], zorder=3)
    for i, (year, text) in enumerate(items):
        level = (1 + (i // 2) % 2) * (1 if i % 2 == 0 else -1)  # four rows so labels do not collide
        ax.vlines(year, 0, level * 0.8, color=COLORS["data"], lw=0.8, zorder=1)
        ax.text(
            year,
            level * 0.85,
            f"{year}\n{text}",
            ha="center",
            va="bottom" if level > 0 else "top",
            fontsize=8,
            zorder=2,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    ax.set(xlim=(years[0] - 6, years[-1] + 6), ylim=(-2.9, 2.9), yticks=[], xlabel="year", title=title)
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    return ax


def _events(events) -> list[tuple[int, str]]:
    """``(year, text)`` pairs from a dict or a list of pairs, each year a whole number."""
    example = '[(1943, "McCulloch & Pitts"), (1958, "Perceptron")]'
    if isinstance(events, Mapping):
        pairs = list(events.items())
    elif isinstance(events, Sequence) and not isinstance(events, (str, bytes)):
        pairs = list(events)
    else:
        raise TypeError(
            f"timeline: events must be a dict or a list of (year, text) pairs. Received: "
            f"{type(events).__name__}. Fix: pass e.g. events={example}."
        )
    if not pairs:
        raise ValueError(f"timeline: events is empty. Fix: pass at least one event, e.g. events={example}.")
    checked = []
    for pair in pairs:
        if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(
                f"timeline: each event must be a (year, text) pair. Received: {pair!r:.60}. "
                f"Fix: pass e.g. events={example}."
            )
        checked.append((arguments.whole_number(pair[0], "year", where="timeline"), pair[1]))
    return checked


def decision_boundary(
    predict: Callable,
    x,
    y,
    *,
    title: str,
    resolution: int = 150,
    xlabel: str = "$x_1$",
    ylabel: str = "$x_2$",
    ax=None,
):
    """Shade ``predict`` over the plane of 2-D data ``x`` and draw the 0.5 contour.

    ``predict`` maps an (m, 2) array to m numbers: a probability of class 1 (the
    0.5 level is drawn), or a class index. Any model works: NumPy or Keras.

    Example:
        >>> x = np.array([[0.0, 0.0], [1.0, 1.0]]); y = np.array([0, 1])
        >>> ax = decision_boundary(lambda p: p.sum(axis=1) / 2, x, y, title="toy")
        >>> len(ax.collections) >= 2
        True
    """
    if not callable(predict):
        raise TypeError(
            f"decision_boundary: predict must be a function of an (m, 2) array. Received: "
            f"{type(predict).__name__}. Fix: pass e.g. lambda grid: model.predict(grid, verbose=0)[:, 0]."
        )
    x = arguments.numeric_array(x, "x", where="decision_boundary", ndim=(2,))
    if x.shape[1] != 2:
        raise ValueError(
            f"decision_boundary: x must have two features to draw in the plane. Received: x.shape={x.shape}. "
            "Fix: pass 2-D data, or pick two columns, e.g. x[:, :2]."
        )
    y = arguments.numeric_array(y, "y", where="decision_boundary", ndim=(1,), dtype=None)  # own type: legend
    arguments.same_length(x, y, where="decision_boundary")
    resolution = arguments.whole_number(resolution, "resolution", where="decision_boundary", minimum=2)
    ax = _axes(ax)
    pad = 0.1 * (x.max(axis=0) - x.min(axis=0))
    lo, hi = x.min(axis=0) - pad, x.max(axis=0) + pad
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([g1.ravel(), g2.ravel()])
    values = arguments.numeric_array(predict(grid), "predict(grid)", where="decision_boundary", finite=False)
    if values.size != len(grid):
        raise ValueError(
            f"decision_boundary: predict must return one number per point; for {len(grid)} points it "
            f"returned shape {values.shape}. Fix: pick one column, e.g. "
            "lambda grid: model.predict(grid, verbose=0)[:, 1] for the probability of class 1."
        )
    values = values.reshape(g1.shape)
    ax.contourf(g1, g2, values, levels=20, cmap="RdBu_r", alpha=0.35)
    if np.nanmin(values) < 0.5 < np.nanmax(values):
        ax.contour(g1, g2, values, levels=[0.5], colors="k", linewidths=1.2)
    for label in np.unique(y):
        ax.scatter(
            *x[y == label].T,
            s=12,
            color=COLORS["classes"][int(label) % 10],
            label=f"class {label}",
            edgecolor="white",
            linewidth=0.3,
        )
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(loc="best")
    return ax


def image_grid(
    images,
    *,
    titles: Sequence[str] | None = None,
    ncols: int = 10,
    title: str = "",
    signed: bool = False,
):
    """Show 28x28 (or flat 784) images in a grid; returns the Figure.

    ``signed=True`` is for weights: a red-blue map centred on 0, the same scale for every
    image (red positive, blue negative), instead of ink on paper.

    Example:
        >>> fig = image_grid(np.zeros((3, 784)), titles=["a", "b", "c"], title="blank")
        >>> len(fig.axes)
        3
    """
    images = _images(images, "image_grid")
    if titles is not None and (isinstance(titles, str) or len(titles) != len(images)):
        raise ValueError(
            f"image_grid: titles must hold one title per image. Received: {len(images)} images and "
            f"titles={titles!r:.60}. Fix: pass a list of {len(images)} strings, e.g. [f'y = {{label}}' for "
            "label in y[:n]] for images x[:n]."
        )
    ncols = arguments.whole_number(ncols, "ncols", where="image_grid", minimum=1)
    signed = arguments.flag(signed, "signed", where="image_grid")
    limit = float(np.abs(images).max()) or 1.0
    shown = {"cmap": "RdBu_r", "vmin": -limit, "vmax": limit} if signed else {}
    side = int(round(np.sqrt(images[0].size)))
    nrows = int(np.ceil(len(images) / ncols))
    fig, axes = plt.subplots(
        nrows, min(ncols, len(images)), figsize=(1.1 * min(ncols, len(images)), 1.3 * nrows), squeeze=False
    )
    for i, ax in enumerate(axes.ravel()):
        if i >= len(images):
            fig.delaxes(ax)
            continue
        ax.imshow(images[i] if images.ndim == 3 else images[i].reshape(side, side), **shown)
        ax.set_axis_off()  # no ticks, grid or frame around a digit
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def _images(images, where: str) -> np.ndarray:
    """Images as (n, pixels) with a square number of pixels, or (n, height, width); never copied."""
    images = arguments.numeric_array(images, "images", where=where, ndim=(1, 2, 3), dtype=None)
    if images.ndim == 1:
        raise ValueError(
            f"{where}: images must hold several images, (n, 784) or (n, 28, 28). Received: images.shape="
            f"{images.shape}, one flat image. Fix: for one image pass images[None] (or x[i:i + 1])."
        )
    if images.ndim == 2 and round(np.sqrt(images.shape[1])) ** 2 != images.shape[1]:
        raise ValueError(
            f"{where}: images must be (n, pixels) with a square number of pixels (784 = 28 x 28), or "
            f"(n, height, width). Received: images.shape={images.shape}. Fix: for a single 28x28 image "
            "pass images[None]; for flat digits pass rows of 784 pixels."
        )
    return images


def training_curves(
    histories: Mapping[str, Mapping[str, Sequence[float]]],
    *,
    metric: str = "loss",
    title: str | None = None,
    ax=None,
):
    """Draw ``metric`` per epoch for several runs: ``{label: history}`` (a Keras ``History`` or a dict).

    Example:
        >>> ax = training_curves({"a": {"loss": [1.0, 0.5]}, "b": {"loss": [1.2, 0.7]}})
        >>> [line.get_label() for line in ax.lines]
        ['a', 'b']
    """
    where = "training_curves"
    if not isinstance(histories, Mapping) or any(
        isinstance(run, (Sequence, np.ndarray)) and not isinstance(run, str) for run in histories.values()
    ):
        received = type(histories).__name__
        if isinstance(histories, Mapping):
            received = f"a single history, {{'{next(iter(histories))}': [...], ...}}"
        raise TypeError(
            f"{where}: histories must be a dict of runs, {{label: history}}. Received: {received}. "
            "Fix: training_curves({'my run': history})."
        )
    if not histories:
        raise ValueError(f"{where}: histories is empty. Fix: training_curves({{'my run': history}}).")
    if not isinstance(metric, str):
        raise TypeError(f"{where}: metric must be a name. Received: metric={metric!r}. Fix: metric='loss'.")
    curves = {}
    for label, history in histories.items():
        recorded = getattr(history, "history", history)  # a keras History or its .history dict
        if not isinstance(recorded, Mapping) or metric not in recorded:
            names = sorted(recorded) if isinstance(recorded, Mapping) else []
            raise ValueError(
                f"training_curves: run {label!r} did not record {metric!r}. It recorded: {names}. Fix: "
                f"pick one of those, or compile with metrics=[{metric!r}] before fit."
            )
        curves[label] = arguments.numeric_array(
            recorded[metric], f"{label!r}'s {metric}", where=where, ndim=(1,), finite=False
        )  # NaN stays: a diverged run is worth drawing
    ax = _axes(ax)
    for label, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))  # epochs are whole numbers
    ax.set(xlabel="epoch", ylabel=metric, title=title or f"training {metric}")
    ax.legend()
    return ax


def misclassified(images, y_true, y_pred, *, limit: int = 20, ncols: int = 10, title: str | None = None):
    """Grid of the images whose prediction is wrong, titled "true -> predicted"; returns the Figure.

    Example:
        >>> fig = misclassified(np.zeros((4, 784)), [1, 2, 3, 4], [1, 0, 3, 0])
        >>> [ax.get_title() for ax in fig.axes]
        ['2 -> 0', '4 -> 0']
    """
    where = "misclassified"
    images = _images(images, where)
    y_true = arguments.class_labels(y_true, "y_true", where=where)
    y_pred = arguments.class_labels(y_pred, "y_pred", where=where)
    arguments.same_length(y_true, y_pred, where=where, names=("y_true", "y_pred"))
    arguments.same_length(images, y_true, where=where, names=("images", "y_true"))
    limit = arguments.whole_number(limit, "limit", where=where, minimum=1)
    wrong = np.flatnonzero(y_true != y_pred)[:limit]
    if len(wrong) == 0:
        raise ValueError(
            f"{where}: no misclassified images to show: every prediction is right. Fix: check that y_pred "
            "holds predictions, e.g. model.predict(x).argmax(axis=1), or skip this figure."
        )
    titles = [f"{y_true[i]} -> {y_pred[i]}" for i in wrong]
    default = f"{int((y_true != y_pred).sum())} misclassified (first {len(wrong)}): true -> predicted"
    return image_grid(images[wrong], titles=titles, ncols=ncols, title=title or default)


def confusion_matrix(matrix, *, labels: Sequence | None = None, title: str = "Confusion matrix", ax=None):
    """Draw a confusion matrix (rows: true class, columns: predicted), counts written in each cell.

    Compute it with :func:`nnkit.metrics.confusion_matrix`.

    Example:
        >>> ax = confusion_matrix(np.array([[5, 1], [0, 4]]))
        >>> [text.get_text() for text in ax.texts]
        ['5', '1', '0', '4']
    """
    matrix = arguments.numeric_array(matrix, "matrix", where="plots.confusion_matrix", dtype=None)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(
            f"plots.confusion_matrix: matrix must be square, one row and one column per class. Received: "
            f"matrix.shape={matrix.shape}. Fix: plots.confusion_matrix(nnkit.metrics.confusion_matrix("
            "y_true, y_pred))."
        )
    labels = list(range(len(matrix))) if labels is None else list(labels)
    if len(labels) != len(matrix):
        raise ValueError(
            f"plots.confusion_matrix: labels must name each of the {len(matrix)} classes. Received "
            f"{len(labels)} labels. Fix: pass {len(matrix)} labels, or leave labels out to number them."
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(5.2, 4.6))
    ax.imshow(matrix, cmap="Blues")
    ax.grid(False)
    for (row, col), count in np.ndenumerate(matrix):
        color = "white" if count > matrix.max() / 2 else "black"
        ax.text(col, row, str(count), ha="center", va="center", fontsize=8, color=color)
    ax.set(
        xticks=range(len(labels)),
        yticks=range(len(labels)),
        xticklabels=labels,
        yticklabels=labels,
        xlabel="predicted class",
        ylabel="true class",
        title=title,
    )
    return ax


def descent_path_1d(
    f: Callable, path, *, title: str, label: str = "path", xlabel: str = "w", ylabel: str = "J(w)", ax=None
):
    """Draw the curve ``f`` and a gradient-descent ``path`` (the visited w values) on it.

    Example:
        >>> ax = descent_path_1d(lambda w: w**2, [2.0, 1.0, 0.5], title="J = w^2")
        >>> len(ax.lines)
        2
    """
    where = "descent_path_1d"
    f = arguments.function(f, "f", where=where, example="f=lambda w: w**2")
    path = arguments.numeric_array(path, "path", where=where).reshape(-1)
    reach = max(np.abs(path).max() * 1.15, 1e-3)
    w = np.linspace(min(path.min(), -reach), max(path.max(), reach), 400)
    curve_values = _values(f, w, name="f", where=where)
    path_values = _values(f, path, name="f", where=where)
    ax = _axes(ax)
    ax.plot(w, curve_values, color=COLORS["data"], label="J(w)")
    ax.plot(path, path_values, "o-", ms=4, color=COLORS["highlight"], label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend()
    return ax


def descent_paths_2d(
    f: Callable, paths: Mapping[str, np.ndarray], *, title: str, limits=None, levels: int = 30, ax=None
):
    """Contours of ``f(w1, w2)`` with one or more descent paths (``{label: (steps, 2) array}``).

    ``f`` takes two arrays (a grid) and returns the loss on it.

    Example:
        >>> ax = descent_paths_2d(lambda a, b: a**2 + 3 * b**2, {"sgd": np.array([[1.0, 1.0], [0.5, 0.2]])},
        ...                       title="bowl")
        >>> [line.get_label() for line in ax.lines]
        ['sgd']
    """
    where = "descent_paths_2d"
    f = arguments.function(f, "f", where=where, example="f=lambda w1, w2: w1**2 + w2**2")
    try:
        inspect.signature(f).bind(None, None)
    except TypeError:
        raise TypeError(
            f"{where}: f must take the two coordinates, f(w1, w2), each an array of the grid. Received a "
            "function that does not take two arguments. Fix: wrap a loss of one vector, e.g. "
            "f=lambda w1, w2: J(np.stack([w1, w2]))."
        ) from None
    except ValueError:
        pass  # a built-in without a readable signature: tried on the grid below
    paths = {
        label: _path_2d(path, f"paths[{label!r}]", where)
        for label, path in arguments.mapping(paths, "paths", where=where, example="{'SGD': path}").items()
    }
    if isinstance(levels, (int, np.integer)) or not hasattr(levels, "__len__"):
        levels = arguments.whole_number(levels, "levels", where=where, minimum=1)
    stacked = np.concatenate(list(paths.values()))
    if limits is not None:
        limits = arguments.numeric_array(limits, "limits", where=where, ndim=(1,))
        if limits.shape != (4,) or limits[0] >= limits[1] or limits[2] >= limits[3]:
            raise ValueError(
                f"{where}: limits must be (w1_min, w1_max, w2_min, w2_max), each min below its max. "
                f"Received: limits={limits.tolist()}. Fix: pass e.g. limits=(-2, 2, -1, 1)."
            )
    if limits is None:
        low, high = stacked.min(axis=0), stacked.max(axis=0)
        pad = 0.25 * np.maximum(high - low, 1e-3)
        limits = (low[0] - pad[0], high[0] + pad[0], low[1] - pad[1], high[1] + pad[1])
    g1, g2 = np.meshgrid(np.linspace(limits[0], limits[1], 200), np.linspace(limits[2], limits[3], 200))
    surface = _values(lambda grid: f(*grid), (g1, g2), name="f", where=where, shape=g1.shape)
    ax = _axes(ax)
    if isinstance(levels, int):  # spaced like squares: on a bowl, rings as dense near the minimum as far out
        low, high = np.nanmin(surface), np.nanmax(surface)
        levels = low + (high - low) * np.linspace(0, 1, levels + 2)[1:-1] ** 2
    ax.contour(g1, g2, surface, levels=levels, colors=COLORS["data"], linewidths=0.6, alpha=0.7)
    for i, (label, path) in enumerate(paths.items()):
        ax.plot(path[:, 0], path[:, 1], ".-", ms=3, lw=1.2, color=COLORS["classes"][i % 10], label=label)
    ax.set(xlim=limits[:2], ylim=limits[2:], xlabel="$w_1$", ylabel="$w_2$", title=title)
    ax.legend()
    return ax


def _path_2d(path, name: str, where: str) -> np.ndarray:
    path = arguments.numeric_array(path, name, where=where, ndim=(2,))
    if path.shape[1] != 2:
        raise ValueError(
            f"{where}: {name} must have one (w1, w2) row per step, shape (steps, 2). Received: "
            f"shape {path.shape}. Fix: pass the path scratch.descend returns for two parameters."
        )
    return path


def decision_boundaries(predict: Callable, x, targets, *, titles: Sequence[str], suptitle: str = ""):
    """One decision-boundary panel per output: ``predict`` returns (m, k) probabilities, ``targets`` (n, k).

    Returns the Figure.

    Example:
        >>> x = np.array([[0.0, 0.0], [1.0, 1.0]]); t = np.array([[0, 1], [1, 0]])
        >>> two_outputs = lambda g: np.column_stack([g[:, 0], 1 - g[:, 0]])
        >>> fig = decision_boundaries(two_outputs, x, t, titles=["a", "b"])
        >>> [ax.get_title() for ax in fig.axes]
        ['a', 'b']
    """
    where = "decision_boundaries"
    predict = arguments.function(predict, "predict", where=where, example="lambda grid: model.predict(grid)")
    targets = arguments.numeric_array(targets, "targets", where=where, ndim=(2,), dtype=None)
    outputs = targets.shape[1]
    if isinstance(titles, str) or len(titles) != outputs:
        raise ValueError(
            f"{where}: titles must hold one title per output ({outputs}). Received: titles={titles!r:.60}. "
            f"Fix: pass a list of {outputs} strings."
        )

    def column(grid, k):
        values = np.asarray(predict(grid))
        if values.ndim != 2 or values.shape[1] != outputs:
            raise ValueError(
                f"{where}: predict must return one column per output ({outputs}), like targets. Received: "
                f"shape {values.shape} for {len(grid)} points. Fix: predict with the model whose outputs "
                "targets describes, e.g. lambda grid: model.predict(grid, verbose=0)."
            )
        return values[:, k]

    fig, axes = plt.subplots(1, outputs, figsize=(4.8 * outputs, 4), squeeze=False)
    for k, ax in enumerate(axes[0]):
        decision_boundary(lambda grid, k=k: column(grid, k), x, targets[:, k], title=titles[k], ax=ax)
    fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def computational_graph(nodes: Mapping[str, Sequence], edges: Sequence[Sequence], *, title: str, ax=None):
    """Draw a computation as a graph: a box per node, an arrow per edge, and the numbers of both passes.

    ``nodes`` maps a name to ``(x, y, label, value, gradient)``, optionally with a sixth item
    ``"left"``: the box at (x, y) holds ``label``; ``value``, the forward pass's result, is written
    above it in blue; ``gradient``, what the backward pass brings back (or None), below it in red,
    or left of it with ``"left"``. ``edges`` lists ``(source, target, local)`` or
    ``(source, target, local, share)``: an arrow from ``source`` to ``target`` (the forward
    direction) labelled with the local derivative in grey (nothing when empty) and, in red below
    it, ``share``: the part of the gradient that flows back along this edge, one path's
    contribution. A node with two outgoing edges gets two shares, and its gradient is their sum.

    Example:
        >>> nodes = {"w": (0, 0, "w", "2", "dJ/dw = 3"), "J": (2, 0, "J = 3w", "6", "dJ/dJ = 1")}
        >>> ax = computational_graph(nodes, [("w", "J", "dJ/dw = 3", "← 1 × 3 = 3")], title="J = 3w")
        >>> len(ax.patches), type(ax.patches[0].get_arrowstyle()).__name__  # one arrow, with a filled head
        (1, 'CurveFilledB')
    """
    _check_graph(nodes, edges)
    xs, ys = [node[0] for node in nodes.values()], [node[1] for node in nodes.values()]
    if ax is None:
        size = (0.95 * (max(xs) - min(xs) + 2.2) + 0.6, 1.9 + 1.0 * (max(ys) - min(ys)))
        _, ax = plt.subplots(figsize=size)
    boxes = {}
    for name, (x, y, label, value, gradient, *side) in nodes.items():
        frame = {"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "black"}
        boxes[name] = ax.text(x, y, label, ha="center", va="center", fontsize=11, zorder=3, bbox=frame)
        ax.text(x, y + 0.3, value, ha="center", va="bottom", color=COLORS["numpy"])
        if gradient is not None and side == ["left"]:
            ax.text(x - 0.3, y, gradient, ha="right", va="center", color=COLORS["highlight"])
        elif gradient is not None:
            ax.text(x, y - 0.3, gradient, ha="center", va="top", color=COLORS["highlight"])
    for source, target, local, *share in edges:
        (x0, y0), (x1, y1) = nodes[source][:2], nodes[target][:2]
        # Drawn after the boxes (zorder 4 > 3), the arrow is clipped at the outlines they have just
        # taken, so its head ends on the target box instead of under it.
        arrow = mpl.patches.FancyArrowPatch(
            (x0, y0),
            (x1, y1),
            arrowstyle="-|>",
            mutation_scale=14,
            color="black",
            zorder=4,
            shrinkA=1,
            shrinkB=1,
            patchA=boxes[source].get_bbox_patch(),
            patchB=boxes[target].get_bbox_patch(),
        )
        ax.add_patch(arrow)
        middle = ((x0 + x1) / 2, (y0 + y1) / 2)
        backing = {"facecolor": "white", "edgecolor": "none", "pad": 1}
        if local:
            ax.text(*middle, local, ha="center", va="bottom", fontsize=9, color=COLORS["data"], zorder=5,
                    bbox=backing)
        if share and share[0]:
            ax.text(*middle, share[0], ha="center", va="top", fontsize=9, color=COLORS["highlight"], zorder=5,
                    bbox=backing)
    ax.set(
        xlim=(min(xs) - 1.1, max(xs) + 1.1),
        ylim=(min(ys) - 1.2, max(ys) + 0.8),  # room below for the lowest gradient and the legend
        xticks=[],
        yticks=[],
        xlabel="forward pass: left to right    |    backward pass: right to left",
        title=title,
    )
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    roles = ("numpy", "highlight", "data")
    handles = [mpl.lines.Line2D([], [], ls="", marker="s", color=COLORS[role]) for role in roles]
    names = ["forward value", "gradient (← on an arrow: that path's share)", "local derivative"]
    ax.legend(handles, names, loc="lower right", ncols=3, bbox_to_anchor=(1.0, -0.02))
    return ax


def _check_graph(nodes, edges) -> None:
    where = "computational_graph"
    example = '{"w": (0, 0, "w", "2", "dJ/dw = 3")}'
    for name, node in arguments.mapping(nodes, "nodes", where=where, example=example).items():
        if isinstance(node, (str, bytes)) or not isinstance(node, Sequence) or len(node) not in (5, 6):
            raise ValueError(
                f"{where}: nodes[{name!r}] must be (x, y, label, value, gradient), with an optional sixth "
                f'item "left". Received: {node!r:.60}. Fix: pass e.g. nodes={example}.'
            )
        arguments.real_number(node[0], f"nodes[{name!r}] x", where=where)
        arguments.real_number(node[1], f"nodes[{name!r}] y", where=where)
        if len(node) == 6 and node[5] != "left":
            raise ValueError(
                f'{where}: the sixth item of nodes[{name!r}] can only be "left". Received: {node[5]!r}. '
                'Fix: write "left" to put the gradient left of the box, or drop the item.'
            )
    if isinstance(edges, (str, bytes)) or not isinstance(edges, Sequence):
        raise TypeError(
            f"{where}: edges must be a list of (source, target, local) tuples. Received: "
            f'{type(edges).__name__}. Fix: pass e.g. edges=[("w", "J", "dJ/dw = 3")].'
        )
    for edge in edges:
        if isinstance(edge, (str, bytes)) or not isinstance(edge, Sequence) or len(edge) not in (3, 4):
            raise ValueError(
                f"{where}: each edge must be (source, target, local) or (source, target, local, share). "
                f'Received: {edge!r:.60}. Fix: pass e.g. ("w", "J", "dJ/dw = 3").'
            )
        for end in edge[:2]:
            if end not in nodes:
                raise ValueError(
                    f"{where}: an edge names the node {end!r}, which is not in nodes. Received edge "
                    f"{edge!r:.60}. Fix: use one of {', '.join(map(repr, nodes))}, or add the node."
                )
