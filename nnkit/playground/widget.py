"""The live playground: ipywidgets controls around the engine and the views.

Play runs frames (some optimizer steps, then a redraw of every view) in an asyncio task on
the kernel's own event loop, yielding to it between frames, so Pause and every other control
keep working while it trains. A bad setting never raises out of a control: the status line
shows the same sentence the headless functions raise, and the last good network stays.
"""

from __future__ import annotations

import asyncio
import html
import time

import ipywidgets as widgets

from nnkit.playground.config import ACTIVATIONS, DATASETS, OPTIMIZERS, PlaygroundConfig, make_config
from nnkit.playground.engine import Trainer
from nnkit.playground.export import export_code
from nnkit.playground.features import FEATURES
from nnkit.playground.views import PlaygroundViews

MAX_FRAMES_PER_SECOND = 25
# Settings a change of which keeps the network and its training so far.
KEEP_TRAINING = {"steps_per_frame"}
TEXT_SETTINGS = ("hidden", "digits", "learning_rate", "l1", "l2")  # typed: parsed, then checked by the config


class Playground:
    """TensorFlow Playground's experience in a notebook, trained by Keras: ``nnkit.playground(...)``.

    Displays itself (its ipywidgets box, ``.widget``). ``config`` is a dict, a JSON string
    (``config_json()``) or a config; keyword settings override it. Settings that are wrong do
    not raise: the status line says what is wrong and the fix, and the default setup is shown
    (the controls hold it, ready to change).

    Example:
        >>> playground = Playground(dataset="xor", hidden=[3], samples=60)
        >>> playground.buttons["Step"].click()
        >>> playground.status.startswith("step 10 · train loss")
        True
        >>> Playground(learning_rate=0).status
        'playground: learning_rate must be above 0. Received: learning_rate=0. Fix: ...'
    """

    def __init__(self, config=None, **settings):
        self._task: asyncio.Task | None = None
        self._playing = False
        self._error: str | None = None
        self._syncing = False
        try:
            self.config = make_config(config, **settings)
            problem = None
        except (ValueError, TypeError) as error:
            self.config, problem = PlaygroundConfig(), str(error)
        self._user_data = (self.config.points, self.config.labels)  # kept while other data sets are shown
        self._build_controls()
        self._sync_controls()
        self._reset(self.config)
        if problem:  # shown once; the default setup it fell back to trains normally
            self._status.value = html.escape(problem)

    # ------------------------------------------------------------------ display and public API

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # Where widgets cannot show (a terminal, a headless run, a static page): one line, not the
        # repr of every control, and nothing that changes from run to run.
        bundle["text/plain"] = (
            f"nnkit playground: {self.config.dataset} data, hidden {list(self.config.hidden)}, "
            f"{self.config.activation}, {self.config.optimizer}; live in Jupyter (press Play)"
        )
        return bundle

    @property
    def status(self) -> str:
        """The status line as plain text: ``step N · train loss 0.1234 · test loss 0.1234``, or an error."""
        return html.unescape(self._status.value)

    @property
    def step(self) -> int:
        """Optimizer steps made since the last reset."""
        return self._trainer.step

    def code(self) -> str:
        """The standalone Keras script of the current setup and steps (it prints the same losses).

        Example:
            >>> "keras.layers.Dense(2" in Playground(samples=40, hidden=[2]).code()
            True
        """
        return export_code(self.config, steps=self._trainer.step)

    def config_json(self) -> str:
        """The current setup as JSON: ``nnkit.playground(config=...)`` or ``run(...)`` restores it.

        Example:
            >>> import json
            >>> json.loads(Playground(samples=40, noise=0.2).config_json())["noise"]
            0.2
        """
        return self.config.to_json()

    # ------------------------------------------------------------------ controls

    def _build_controls(self) -> None:
        wide = widgets.Layout(width="250px")
        style = {"description_width": "110px"}
        datasets = [name for name in DATASETS if name != "user" or self.config.points is not None]
        self.controls = {
            "dataset": widgets.Dropdown(options=datasets, description="data"),
            "classes": widgets.Dropdown(options=[2, 3], description="classes"),
            "digits": widgets.Text(description="MNIST digits"),
            "samples": widgets.IntText(description="points"),
            "noise": widgets.FloatSlider(min=0, max=1, step=0.05, description="noise"),
            "train_ratio": widgets.FloatSlider(min=0.1, max=0.9, step=0.05, description="train ratio"),
            "hidden": widgets.Text(description="hidden units"),
            "activation": widgets.Dropdown(options=ACTIVATIONS, description="activation"),
            "optimizer": widgets.Dropdown(options=OPTIMIZERS, description="optimizer"),
            "learning_rate": widgets.Text(description="learning rate"),
            "l1": widgets.Text(description="L1 penalty"),
            "l2": widgets.Text(description="L2 penalty"),
            "batch_size": widgets.IntText(description="batch size"),
            "steps_per_frame": widgets.IntText(description="steps / frame"),
            "seed": widgets.IntText(description="seed"),
        }
        for control in self.controls.values():
            control.layout, control.style = wide, style
            control.continuous_update = False  # sliders and text boxes report on release / Enter
        self.controls["digits"].layout = widgets.Layout(width="250px")  # its own: shown for MNIST only
        self.feature_buttons = {
            name: widgets.ToggleButton(description=name, layout=widgets.Layout(width="84px"))
            for name in FEATURES
        }
        for control in [*self.controls.values(), *self.feature_buttons.values()]:
            control.observe(self._on_change, names="value")
        self.buttons = {
            name: widgets.Button(description=name, layout=widgets.Layout(width="100px"))
            for name in ("Play", "Step", "Reset", "Export code")
        }
        self.buttons["Play"].on_click(self._on_play)
        self.buttons["Step"].on_click(self._on_step)
        self.buttons["Reset"].on_click(self._on_reset)
        self.buttons["Export code"].on_click(self._on_export)
        self._status = widgets.HTML()
        self._status.add_class("nnkit-playground-status")
        self._image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="880px"))
        self._image.add_class("nnkit-playground-figure")
        self._code = widgets.Textarea(layout=widgets.Layout(width="100%", height="300px", display="none"))
        features = widgets.GridBox(
            list(self.feature_buttons.values()),
            layout=widgets.Layout(grid_template_columns="repeat(3, 86px)", width="270px"),
        )
        column = widgets.Layout(width="280px", margin="0 8px 0 0")
        groups = {  # TensorFlow Playground's order: data, then the network, then how it trains
            "data": ["dataset", "classes", "digits", "samples", "noise", "train_ratio", "seed"],
            "network": ["hidden", "activation"],
            "training": ["optimizer", "learning_rate", "l1", "l2", "batch_size", "steps_per_frame"],
        }
        columns = [
            widgets.VBox([self.controls[name] for name in names], layout=column) for names in groups.values()
        ]
        columns[1].children += (widgets.Label("input features"), features)
        self.widget = widgets.VBox(
            [
                widgets.HBox([*self.buttons.values(), self._status]),
                self._image,
                widgets.HBox(columns, layout=widgets.Layout(flex_flow="row wrap")),
                self._code,
            ]
        )
        self.widget.add_class("nnkit-playground")

    def _sync_controls(self) -> None:
        """Show ``self.config`` in the controls without reacting to the changes it makes."""
        self._syncing = True
        try:
            for name, control in self.controls.items():
                value = getattr(self.config, name)
                if name in TEXT_SETTINGS:
                    value = ", ".join(map(str, value)) if isinstance(value, tuple) else repr(value)
                control.value = value
            for name, button in self.feature_buttons.items():
                button.value = name in self.config.features
            self._show_fields_for(self.config.dataset)
        finally:
            self._syncing = False

    def _show_fields_for(self, dataset: str) -> None:
        """Show only the data fields that mean something for ``dataset`` (the digits: for MNIST)."""
        self.controls["digits"].layout.display = None if dataset == "mnist" else "none"

    def _settings_from_controls(self) -> dict:
        settings = {name: control.value for name, control in self.controls.items()}
        for name in TEXT_SETTINGS:
            settings[name] = _parse(settings[name], listed=name in ("hidden", "digits"))
        settings["features"] = [name for name, button in self.feature_buttons.items() if button.value]
        if settings["dataset"] == "user":
            settings["points"], settings["labels"] = self._user_data
        return settings

    # ------------------------------------------------------------------ reactions

    def _on_change(self, _change) -> None:
        if self._syncing:
            return
        self._show_fields_for(self.controls["dataset"].value)
        try:
            config = make_config(self._settings_from_controls())
        except (ValueError, TypeError) as error:
            self._show_error(str(error))
            return
        changed = {name for name in config.to_dict() if getattr(config, name) != getattr(self.config, name)}
        if changed <= KEEP_TRAINING:
            self.config = config
            self._error = None
            self._show_progress()
        else:
            self._reset(config)

    def _on_play(self, _button) -> None:
        if self._playing:
            self._playing = False  # the task ends after its current frame
            return
        if self._error:
            self._show_error(self._error)
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._show_error(
                "playground: Play needs the event loop of a running Jupyter kernel. Fix: press Step, or "
                "train without widgets with nnkit.playground.run(config, steps=500)."
            )
            return
        self._playing = True
        self.buttons["Play"].description = "Pause"
        self._task = loop.create_task(self._play())

    async def _play(self) -> None:
        frames, started = 0, time.perf_counter()
        try:
            while self._playing:
                frame_started = time.perf_counter()
                self._frame()
                frames += 1
                self._show_progress(frames / (time.perf_counter() - started))
                # The kernel handles clicks and control changes here; a fast machine waits, so as not to
                # send the browser more images than it can show.
                await asyncio.sleep(
                    max(0.001, 1 / MAX_FRAMES_PER_SECOND - (time.perf_counter() - frame_started))
                )
        except Exception as error:  # a live widget reports, it never dies
            self._show_error(f"playground: training stopped: {type(error).__name__}: {error}")
        finally:
            self._playing = False
            self.buttons["Play"].description = "Play"

    def _on_step(self, _button) -> None:
        if self._error:
            self._show_error(self._error)
            return
        self._guarded(self._frame)
        if not self._error:
            self._show_progress()

    def _on_reset(self, _button) -> None:
        self._reset(self.config)

    def _on_export(self, _button) -> None:
        self._code.value = self.code()
        self._code.layout.display = None

    # ------------------------------------------------------------------ work

    def _reset(self, config: PlaygroundConfig) -> None:
        def rebuild():
            trainer = Trainer(config)
            views = PlaygroundViews(trainer.snapshot(), live=True)
            self.config, self._trainer, self._views, self._error = config, trainer, views, None
            self._image.value = views.png()

        self._guarded(rebuild)
        if not self._error:
            self._show_progress()

    def _frame(self) -> None:
        self._trainer.train(self.config.steps_per_frame)
        self._views.update(self._trainer.snapshot())
        self._image.value = self._views.png()

    def _guarded(self, work) -> None:
        try:
            work()
        except (ValueError, TypeError) as error:
            self._show_error(str(error))
        except Exception as error:  # a live widget reports, it never dies
            self._show_error(f"playground: {type(error).__name__}: {error}")

    def _show_progress(self, frames_per_second: float | None = None) -> None:
        history = self._trainer.history
        text = (
            f"step {self._trainer.step} · train loss {history['train_loss'][-1]:.4f} · "
            f"test loss {history['test_loss'][-1]:.4f}"
        )
        if frames_per_second is not None:
            text += f" · {frames_per_second:.1f} frames/s"
        self._status.value = html.escape(text)

    def _show_error(self, message: str) -> None:
        self._error = message
        self._playing = False
        self._status.value = html.escape(message)


def _parse(text: str, *, listed: bool):
    """A text box's content as a number, or a list of numbers; text that is not one stays text, for the
    config to refuse with its own message."""

    def number(token: str):
        for kind in (int, float):
            try:
                return kind(token)
            except ValueError:
                pass
        return token

    if listed:
        tokens = text.replace(",", " ").split()
        return [number(token) for token in tokens]
    return number(text.strip())
