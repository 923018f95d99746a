"""A prototype's training curves: one figure, redrawn live in Jupyter while the network trains.

:func:`draw_curves` draws the loss and the metric per epoch (training and validation) from a
history; :class:`LiveCurves` is the Keras callback that shows that figure in a notebook and
replaces it in place each epoch (IPython's ``display(..., display_id=True)`` then ``update``), so
the saved notebook holds one figure, the last. Outside a Jupyter kernel nothing is displayed.
"""

from __future__ import annotations

import base64
import io
import sys
import time

import keras
import numpy as np

# A redraw costs tens of milliseconds: at most one every this many seconds, then the last one at the end.
REDRAW_SECONDS = 0.5
# The figure's text in the notebook (what nbval compares): the same at every update.
FIGURE_TEXT = "<Figure: training curves, loss and metric per epoch>"


def metric_name(history) -> str | None:
    """The metric a history records besides the loss (``"accuracy"``, ``"mae"``...), or ``None``.

    Example:
        >>> metric_name({"loss": [1.0], "val_loss": [1.1], "accuracy": [0.5], "val_accuracy": [0.4]})
        'accuracy'
    """
    return next((name for name in history if name != "loss" and not name.startswith("val_")), None)


def draw_curves(history, *, title: str | None = None):
    """A figure of the loss and the metric per epoch, training and validation, best epoch marked.

    ``history`` is ``{"loss": [...], "val_loss": [...], metric: [...], "val_" + metric: [...]}``
    (a Keras ``History.history``). The epoch of the lowest validation loss (the weights early
    stopping keeps) is a dashed line. Returns the ``matplotlib`` Figure, already closed in pyplot:
    a notebook shows it only when asked (``figure`` as a cell's last line, or ``display(figure)``).

    Example:
        >>> figure = draw_curves({"loss": [0.9, 0.5, 0.6], "val_loss": [1.0, 0.7, 0.8],
        ...                       "accuracy": [0.6, 0.8, 0.8], "val_accuracy": [0.5, 0.7, 0.7]})
        >>> [ax.get_ylabel() for ax in figure.axes], figure.axes[0].get_legend_handles_labels()[1]
        (['loss', 'accuracy'], ['training', 'validation', 'best epoch (2)'])
    """
    import matplotlib.pyplot as plt

    from nnkit import plots

    metric = metric_name(history)
    names = ["loss"] if metric is None else ["loss", metric]
    figure = plt.figure(figsize=(5.0 * len(names), 3.4), layout="constrained")
    plt.close(figure)  # pyplot would show every open figure at the end of a notebook cell
    axes = figure.subplots(1, len(names), squeeze=False)[0]
    validation = history.get("val_loss") or []
    best = int(np.nanargmin(validation)) + 1 if len(validation) and not np.all(np.isnan(validation)) else None
    for ax, name in zip(axes, names, strict=True):
        curves = {"training": {name: history[name]}}
        if f"val_{name}" in history:
            curves["validation"] = {name: history[f"val_{name}"]}
        plots.training_curves(curves, metric=name, title=name.replace("_", " "), ax=ax)
        if best is not None:
            ax.axvline(
                best, color=plots.COLORS["data"], linestyle="--", linewidth=1, label=f"best epoch ({best})"
            )
            ax.legend()
    if title:
        figure.suptitle(title)
    return figure


def png_bundle(figure) -> dict:
    """The figure as a notebook output: a PNG and the constant text nbval compares."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    return {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"), "text/plain": FIGURE_TEXT}


def notebook_display():
    """IPython's ``display`` in a Jupyter kernel (JupyterLab, VS Code, Colab), else ``None``."""
    if "IPython" not in sys.modules:  # a script or a terminal that never loaded IPython
        return None
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):  # plain python, or the terminal IPython
        return None
    from IPython.display import display

    return display


class LiveCurves(keras.callbacks.Callback):
    """Show the training curves in a notebook and redraw them in place as epochs end.

    ``display`` is IPython's ``display`` function (see :func:`notebook_display`). The first
    epoch creates the output; later ones update it (at most every ``REDRAW_SECONDS``), and
    :meth:`finish` puts the final figure there, so a saved notebook keeps exactly one figure.

    Example:
        >>> shown = []
        >>> class Handle:
        ...     def update(self, bundle, raw): shown.append("update")
        >>> live = LiveCurves(lambda bundle, raw, display_id: shown.append("display") or Handle())
        >>> live.on_epoch_end(0, {"loss": 1.0, "val_loss": 1.2})
        >>> live.finish(draw_curves(live.history))
        >>> shown
        ['display', 'update']
    """

    def __init__(self, display, *, title: str | None = None):
        super().__init__()
        self.display = display
        self.title = title
        self.history: dict[str, list[float]] = {}
        self._handle = None
        self._drawn_at = -np.inf

    def on_epoch_end(self, epoch, logs=None):
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(float(value))
        if time.monotonic() - self._drawn_at >= REDRAW_SECONDS:
            self._show(draw_curves(self.history, title=self.title))
            self._drawn_at = time.monotonic()

    def finish(self, figure) -> None:
        """Replace the live figure by ``figure``, the final one."""
        self._show(figure)

    def _show(self, figure) -> None:
        bundle = png_bundle(figure)
        if self._handle is None:
            self._handle = self.display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)
