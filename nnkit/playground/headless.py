"""The playground without widgets: train a setup for N steps and keep its losses and figure.

For lessons, tests and scripts: the same data, network, training and views as the live
playground, and the same numbers for the same config.
"""

from __future__ import annotations

import dataclasses

from nnkit import arguments
from nnkit.playground.config import WHERE, PlaygroundConfig, make_config
from nnkit.playground.engine import Snapshot, Trainer
from nnkit.playground.export import export_code


@dataclasses.dataclass(frozen=True)
class RunResult:
    """A finished headless run: its config, loss history (every ``steps_per_frame`` steps) and final state.

    Attributes:
        config: the checked :class:`~nnkit.playground.config.PlaygroundConfig`.
        history: ``{"step": [...], "train_loss": [...], "test_loss": [...]}``, from step 0.
        snapshot: what the views draw at the end.
    """

    config: PlaygroundConfig
    history: dict[str, list[float]]
    snapshot: Snapshot

    @property
    def steps(self) -> int:
        """Optimizer steps made."""
        return self.snapshot.step

    @property
    def train_loss(self) -> float:
        """Final loss on the training points (the data's loss, without the L1/L2 penalty)."""
        return self.history["train_loss"][-1]

    @property
    def test_loss(self) -> float:
        """Final loss on the test points."""
        return self.history["test_loss"][-1]

    def figure(self, title: str | None = None):
        """The playground's views of the final state, as a matplotlib Figure (shown inline in a notebook).

        ``title`` goes above the three views.

        Example:
            >>> result = run({"dataset": "xor", "samples": 40, "hidden": [2]}, steps=10)
            >>> [ax.get_title() for ax in result.figure().axes]
            ['what each unit computes', 'decision regions', 'loss']
        """
        import matplotlib.pyplot as plt

        from nnkit.playground.views import FIGSIZE, PlaygroundViews

        if title is not None and not isinstance(title, str):
            raise TypeError(
                f"{WHERE}: title must be text. Received: title={title!r}. "
                "Fix: pass e.g. title='SGD, 300 steps'."
            )
        figure = PlaygroundViews(self.snapshot, figure=plt.figure(figsize=FIGSIZE)).figure
        if title is not None:
            figure.suptitle(title, y=1.02, fontsize=12)
        return figure

    def code(self) -> str:
        """The standalone Keras script of this run: it prints the same final losses.

        Example:
            >>> "STEPS = 20" in run({"samples": 40}, steps=20).code()
            True
        """
        return export_code(self.config, steps=self.steps)

    def config_json(self) -> str:
        """The setup as JSON: ``nnkit.playground(config=...)`` opens it live.

        Example:
            >>> make_config(run({"samples": 40, "seed": 2}, steps=0).config_json()).seed
            2
        """
        return self.config.to_json()


def run(config=None, *, steps: int = 500, **settings) -> RunResult:
    """Train a playground setup for ``steps`` optimizer steps, without widgets; same config, same numbers.

    ``config`` is a dict, a JSON string (``Playground.config_json()``) or a config; keyword
    settings override it. The loss is recorded every ``steps_per_frame`` steps, as the live
    playground does. ``result.figure()`` draws the playground's views, ``result.code()`` is the
    standalone Keras script.

    Example:
        >>> result = run({"dataset": "circles", "samples": 100}, steps=200)
        >>> result.train_loss < result.history["train_loss"][0]
        True
    """
    config = make_config(config, **settings)
    steps = arguments.whole_number(steps, "steps", where=WHERE, minimum=0)
    trainer = Trainer(config)
    for _ in range(steps // config.steps_per_frame):
        trainer.train(config.steps_per_frame)
    if steps % config.steps_per_frame:
        trainer.train(steps % config.steps_per_frame)
    history = {name: list(values) for name, values in trainer.history.items()}
    return RunResult(config, history, trainer.snapshot())
