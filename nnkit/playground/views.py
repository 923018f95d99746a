"""The playground's three views in one matplotlib figure: unit maps, decision regions, loss curves.

As TensorFlow Playground draws them: a small map per input feature and per hidden unit (its
output over the plane, blue below zero, orange above, each map scaled to its own largest value),
the decision regions with their boundary, the training points (white edge) and test points
(black edge), and the
train and test loss per step. Plotting never trains: :class:`PlaygroundViews` draws a
:class:`~nnkit.playground.engine.Snapshot`. For speed it creates its artists once and only
changes their data on :meth:`PlaygroundViews.update`; every map is one image.
"""

from __future__ import annotations

import io

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from nnkit.playground.features import FEATURES
from nnkit.plots import COLORS, STYLE

FIGSIZE = (11.0, 5.0)  # tall enough for unit maps of about 40 pixels in a column of 8
DPI = 80
GAP = 6  # pixels of white between two unit maps
WHITE = np.ones(3)
REGION_TINT = 0.45  # at most this share of a class colour: points in full colour stand out on it
BOUNDARY_RGB = np.full(3, 0.25)
BOUNDARY_DETAIL = 4  # the regions image is this many times finer than the grid: a thin boundary line
CLASS_RGB = np.array([mpl.colors.to_rgb(color) for color in COLORS["classes"]])
LOSS_COLORS = {"train": COLORS["data"], "test": COLORS["highlight"]}


def class_colors(probabilities: np.ndarray) -> np.ndarray:
    """RGB decision regions: each point mixes the class colours by probability, paler when unsure.

    Example:
        >>> rgb = class_colors(np.array([[[1.0, 0.0], [0.5, 0.5]]]))
        >>> rgb.shape, bool(np.allclose(rgb[0, 1], 1.0))  # a coin toss is white
        ((1, 2, 3), True)
    """
    probabilities = np.nan_to_num(probabilities, nan=1.0 / probabilities.shape[-1])
    classes = probabilities.shape[-1]
    mix = probabilities @ CLASS_RGB[:classes]
    certainty = (probabilities.max(axis=-1, keepdims=True) - 1 / classes) / (1 - 1 / classes)
    return WHITE - REGION_TINT * certainty * (WHITE - mix)


def _finer(grid: np.ndarray, factor: int) -> np.ndarray:
    """``grid`` (rows, columns, ...) interpolated linearly to ``factor`` times as many points per side."""
    for axis in (0, 1):
        size = grid.shape[axis]
        if size < 2:
            continue
        position = np.linspace(0, size - 1, (size - 1) * factor + 1)
        below = np.minimum(position.astype(int), size - 2)
        weight = (position - below).reshape((-1,) + (1,) * (grid.ndim - 1 - axis))
        low, high = np.take(grid, below, axis=axis), np.take(grid, below + 1, axis=axis)
        grid = low + (high - low) * (weight if axis == 0 else weight[None])
    return grid


def decision_image(probabilities: np.ndarray) -> np.ndarray:
    """The decision regions of :func:`class_colors` with the decision boundary drawn dark on them.

    A pixel is on the boundary where the most likely class differs from the one of the pixel to
    its right or above it, so the boundary shows even where every probability is close to a coin toss
    (a network that answers about 0.5 everywhere still draws its line).

    Example:
        >>> probabilities = np.stack([np.full((3, 4), 0.49), np.full((3, 4), 0.51)], axis=-1)
        >>> probabilities[:, 2:] = probabilities[:, 2:, ::-1]  # class 1 left, class 0 right
        >>> image = decision_image(probabilities)  # 4 times finer than the grid, for a thin line
        >>> image.shape, int((image[..., 0] == BOUNDARY_RGB[0]).sum(axis=1).max())
        ((9, 13, 3), 1)
    """
    probabilities = _finer(np.nan_to_num(probabilities, nan=1.0 / probabilities.shape[-1]), BOUNDARY_DETAIL)
    rgb = class_colors(probabilities)
    labels = probabilities.argmax(axis=-1)
    edge = np.zeros(labels.shape, bool)
    edge[:, :-1] |= labels[:, :-1] != labels[:, 1:]
    edge[:-1, :] |= labels[:-1, :] != labels[1:, :]
    rgb[edge] = BOUNDARY_RGB
    return rgb


def signed_colors(values: np.ndarray) -> np.ndarray:
    """RGB of signed values in [-1, 1]: blue below zero, white at zero, orange above.

    Example:
        >>> signed_colors(np.array([0.0])).tolist()
        [[1.0, 1.0, 1.0]]
    """
    values = np.clip(np.nan_to_num(values), -1, 1)[..., None]
    negative, positive = CLASS_RGB[0], CLASS_RGB[1]
    return WHITE - np.abs(values) * (WHITE - np.where(values < 0, negative, positive))


def unit_mosaic(layers: list[np.ndarray]) -> np.ndarray:
    """All maps as one RGB image: a column per layer (the inputs first), a map per unit, top to bottom.

    Each map is scaled by its own largest absolute value, as TensorFlow Playground does.

    Example:
        >>> unit_mosaic([np.ones((4, 4, 2)), np.ones((4, 4, 3))]).shape  # 3 maps high, 2 wide, 6 px gaps
        (24, 14, 3)
    """
    side = layers[0].shape[0]
    rows = max(layer.shape[-1] for layer in layers)
    step = side + GAP
    mosaic = np.ones((rows * step - GAP, len(layers) * step - GAP, 3))
    for column, layer in enumerate(layers):
        scale = np.abs(np.nan_to_num(layer)).max(axis=(0, 1))
        scaled = layer / np.where(scale > 0, scale, 1)
        for unit in range(layer.shape[-1]):
            top, left = unit * step, column * step
            mosaic[top : top + side, left : left + side] = signed_colors(scaled[::-1, :, unit])  # x2 upward
    return mosaic


def class_names(config) -> list[str]:
    """What the legend calls each class: the digit for MNIST, else "class k".

    Example:
        >>> from nnkit.playground.config import PlaygroundConfig
        >>> class_names(PlaygroundConfig(dataset="mnist", digits=[3, 8]))
        ['digit 3', 'digit 8']
    """
    if config.dataset == "mnist":
        return [f"digit {digit}" for digit in config.digits]
    return [f"class {k}" for k in range(config.class_count)]


FINE = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)


def nice_limit(value: float, factors=(1, 2, 5)) -> float:
    """The smallest of ``factors`` times a power of ten at or above ``value``.

    The loss axes keep such a limit until a curve outgrows it, so their ticks are redrawn rarely
    (the background of a live figure is drawn again only then).

    Example:
        >>> nice_limit(130), nice_limit(1.1), nice_limit(1.1, FINE)
        (200.0, 2.0, 1.2)
    """
    if not np.isfinite(value) or value <= 0:
        return 1.0
    power = 10.0 ** np.floor(np.log10(value))
    for factor in (*factors, 10):
        if value <= factor * power * (1 + 1e-9):
            return float(round(factor * power, 12))
    return float(10 * power)


class PlaygroundViews:
    """The figure of one network; :meth:`update` redraws it for a new snapshot of the same network.

    With ``live=True`` (the widget's) the maps, points, curves and step are animated artists:
    :meth:`png` draws the axes, ticks and labels once, keeps that background and draws only
    these on top (blitting), until the loss axes need new limits.

    Example:
        >>> from nnkit.playground.config import PlaygroundConfig
        >>> from nnkit.playground.engine import Trainer
        >>> views = PlaygroundViews(Trainer(PlaygroundConfig(samples=40, hidden=[3])).snapshot())
        >>> [ax.get_title() for ax in views.figure.axes]
        ['what each unit computes', 'decision regions', 'loss']
        >>> views.png()[:4]
        b'\\x89PNG'
    """

    def __init__(self, snapshot, *, figure: Figure | None = None, live: bool = False):
        with mpl.rc_context(STYLE):
            if figure is None:  # drawn off screen, never shown by pyplot
                figure = Figure(figsize=FIGSIZE, dpi=DPI)
                FigureCanvasAgg(figure)
            self.figure = figure
            self._animated = []
            self._draw_units(snapshot)
            self._draw_regions(snapshot)
            self._draw_losses()
        for artist in self._animated:
            artist.set_animated(live)
        self._live = live
        self._background = None
        self.update(snapshot)

    def _draw_units(self, snapshot) -> None:
        ax = self.figure.add_axes((0.0, 0.02, 0.36, 0.84))
        self._mosaic = ax.imshow(unit_mosaic(snapshot.layers), interpolation="nearest")
        side = snapshot.layers[0].shape[0] + GAP
        for column in range(len(snapshot.layers)):
            name = "input" if column == 0 else f"layer\n{column}"
            ax.text(column * side + side / 2 - GAP / 2, -GAP, name, ha="center", va="bottom", fontsize=8)
        for row, feature in enumerate(snapshot.config.features):
            ax.text(-GAP / 2, row * side + side / 2, FEATURES[feature], ha="right", va="center", fontsize=8)
        ax.set_axis_off()
        ax.set_title("what each unit computes", pad=30)  # above the two-line layer names
        self._animated.append(self._mosaic)

    def _draw_regions(self, snapshot) -> None:
        ax = self.figure.add_axes((0.39, 0.12, 0.27, 0.76))
        data = snapshot.data
        self._regions = ax.imshow(
            decision_image(snapshot.probabilities),
            origin="lower",
            extent=data.extent,
            aspect="auto",
            interpolation="bilinear",
        )
        self._animated.append(self._regions)
        for x, y, edge in ((data.x_train, data.y_train, "white"), (data.x_test, data.y_test, "black")):
            points = ax.scatter(*x.T, s=16, color=CLASS_RGB[y], edgecolor=edge, linewidth=0.6)
            self._animated.append(points)  # drawn over the regions, which change
        ax.set(
            xlim=data.extent[:2],
            ylim=data.extent[2:],
            xlabel="$x_1$",
            ylabel="$x_2$",
            title="decision regions",
        )
        ax.grid(False)
        # Beside the axes, not in them: the regions image is drawn over everything inside.
        marker = {"marker": "o", "linestyle": "", "markersize": 5}
        handles = [
            mpl.lines.Line2D([], [], color=COLORS["classes"][k], markeredgecolor="white", **marker)
            for k in range(data.classes)
        ]
        handles.append(mpl.lines.Line2D([], [], color=COLORS["data"], markeredgecolor="black", **marker))
        ax.legend(
            handles,
            [*class_names(snapshot.config), "test point"],
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            fontsize=7,
            handletextpad=0.1,
            borderaxespad=0.2,
        )
        self._step = ax.text(
            0.02,
            0.02,
            "",
            transform=ax.transAxes,
            fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 1},
        )
        self._animated.append(self._step)

    def _draw_losses(self) -> None:
        ax = self.figure.add_axes((0.79, 0.12, 0.19, 0.76))
        self._lines = {
            split: ax.plot([], [], color=colour, lw=1.4, label=split)[0]
            for split, colour in LOSS_COLORS.items()
        }
        self._animated.extend(self._lines.values())
        ax.set(xlabel="step", title="loss", xlim=(0, 1), ylim=(0, 1))
        ax.legend(loc="upper right")
        self._loss_axes = ax

    def update(self, snapshot) -> None:
        """Show ``snapshot``: new maps, regions, loss curves and step, on the same artists.

        Example:
            >>> from nnkit.playground.config import PlaygroundConfig
            >>> from nnkit.playground.engine import Trainer
            >>> trainer = Trainer(PlaygroundConfig(samples=40, hidden=[2]))
            >>> views = PlaygroundViews(trainer.snapshot(), live=True)
            >>> trainer.train(10)
            >>> views.update(trainer.snapshot())
            >>> views._step.get_text()
            'step 10'
        """
        self._mosaic.set_data(unit_mosaic(snapshot.layers))
        self._regions.set_data(decision_image(snapshot.probabilities))
        self._step.set_text(f"step {snapshot.step}")
        for split, losses in (("train", snapshot.train_loss), ("test", snapshot.test_loss)):
            self._lines[split].set_data(snapshot.steps, losses)
        losses = np.concatenate([snapshot.train_loss, snapshot.test_loss])
        limits = (
            # Live: a round limit that lasts a while. Still: the steps run, end to end.
            (0.0, nice_limit(snapshot.steps[-1]) if self._live else float(max(snapshot.steps[-1], 1))),
            (0.0, nice_limit(losses[np.isfinite(losses)].max(initial=0.0), FINE)),
        )
        if limits != (self._loss_axes.get_xlim(), self._loss_axes.get_ylim()):
            self._loss_axes.set(xlim=limits[0], ylim=limits[1])
            self._background = None  # new ticks: the background is drawn again

    def png(self) -> bytes:
        """The figure as PNG bytes (what the widget shows): drawn by Agg, encoded by Pillow quickly."""
        canvas = self.figure.canvas
        if not self._live:
            canvas.draw()
        elif self._background is None:
            canvas.draw()  # everything but the animated artists
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._background)
        if self._live:
            for artist in self._animated:
                artist.axes.draw_artist(artist)
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3]).save(
            buffer, format="PNG", compress_level=1
        )
        return buffer.getvalue()
