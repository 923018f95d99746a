"""Every setting of the playground in one checked, serialisable dataclass (NumPy only).

A :class:`PlaygroundConfig` is valid by construction: each field is checked when it is
made, and a mistake raises a ``ValueError`` or ``TypeError`` that starts with
``playground:``, names the setting, says what was received and ends with ``Fix:``. The
widget shows that same sentence in its status line. ``to_json``/``from_json`` carry a
whole setup between sessions, so ``nnkit.playground(config=text)`` restores it.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from nnkit import arguments
from nnkit.playground.features import FEATURES

WHERE = "playground"

# Data sets and the numbers of classes each can make.
DATASETS = {"xor": (2,), "circles": (2, 3), "gauss": (2, 3), "spirals": (2, 3), "mnist": (2, 3), "user": None}
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
MAX_CLASSES = 10  # one colour each in nnkit.plots.COLORS["classes"]
MAX_UNITS = 16  # per hidden layer: each unit gets a map in the figure
MAX_LAYERS = 6
MAX_SAMPLES = 5000
MAX_STEPS_PER_FRAME = 1000
PER_DIGIT = 500  # bundled MNIST images of each digit
_EXAMPLES = {"learning_rate": 0.03, "l1": 0.001, "l2": 0.001, "noise": 0.1, "train_ratio": 0.5}


@dataclasses.dataclass(frozen=True)
class PlaygroundConfig:
    """The whole setup: data, input features, network, training; every field checked on creation.

    ``points``/``labels`` hold the user's own data (``dataset="user"``): an (n, 2) array and n
    class labels 0..K-1. ``digits`` picks the two or three MNIST digits of ``dataset="mnist"``.
    One optimizer step trains on one mini-batch of ``batch_size`` training points; the widget
    makes ``steps_per_frame`` of them between two redraws.

    Example:
        >>> config = PlaygroundConfig(dataset="spirals", classes=3, hidden=[8, 8])
        >>> config.hidden, config.classes
        ((8, 8), 3)
        >>> PlaygroundConfig(learning_rate=0)
        Traceback (most recent call last):
        ...
        ValueError: playground: learning_rate must be above 0. Received: learning_rate=0. Fix: ...
    """

    dataset: str = "circles"
    classes: int = 2
    digits: tuple[int, ...] = (0, 1)
    samples: int = 300
    noise: float = 0.1
    train_ratio: float = 0.5
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    optimizer: str = "adam"
    learning_rate: float = 0.03
    l1: float = 0.0
    l2: float = 0.0
    batch_size: int = 10
    steps_per_frame: int = 10
    seed: int = 0
    points: tuple[tuple[float, float], ...] | None = None
    labels: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        for name, value in _checked_fields(self).items():
            object.__setattr__(self, name, value)

    @property
    def class_count(self) -> int:
        """How many classes the data has: ``classes``, the number of ``digits``, or the user's labels.

        Example:
            >>> PlaygroundConfig(dataset="mnist", digits=(3, 5, 8)).class_count
            3
        """
        if self.dataset == "mnist":
            return len(self.digits)
        if self.dataset == "user":
            return int(max(self.labels)) + 1
        return self.classes

    def to_dict(self) -> dict[str, Any]:
        """The settings as a plain dict of JSON types (lists for tuples).

        Example:
            >>> PlaygroundConfig(hidden=(3,)).to_dict()["hidden"]
            [3]
        """
        return {name: _plain(value) for name, value in dataclasses.asdict(self).items()}

    def to_json(self) -> str:
        """The settings as a JSON string: ``nnkit.playground(config=text)`` restores them.

        Example:
            >>> PlaygroundConfig.from_json(PlaygroundConfig(noise=0.2).to_json()).noise
            0.2
        """
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_dict(cls, settings: Mapping[str, Any]) -> PlaygroundConfig:
        """A config from a dict such as :meth:`to_dict` returns; unknown keys are refused with a suggestion.

        Example:
            >>> PlaygroundConfig.from_dict({"dataset": "xor", "hidden": [2]}).dataset
            'xor'
        """
        return make_config(settings)

    @classmethod
    def from_json(cls, text: str) -> PlaygroundConfig:
        """A config from the JSON string :meth:`to_json` returns.

        Example:
            >>> PlaygroundConfig.from_json('{"seed": 3}').seed
            3
        """
        return make_config(text)


FIELDS = tuple(field.name for field in dataclasses.fields(PlaygroundConfig))


def make_config(config: Any = None, **settings: Any) -> PlaygroundConfig:
    """A checked config from ``config`` (None, a dict, a JSON string or a config) with ``settings`` on top.

    Passing ``points`` without a ``dataset`` means ``dataset="user"``.

    Example:
        >>> make_config('{"dataset": "xor"}', hidden=[3]).hidden
        (3,)
        >>> make_config(learn_rate=0.1)
        Traceback (most recent call last):
        ...
        TypeError: playground: unknown setting 'learn_rate'. ... Fix: did you mean 'learning_rate'? ...
    """
    base = _as_dict(config)
    base.update(settings)
    for name in base:
        if name not in FIELDS:
            close = difflib.get_close_matches(str(name), FIELDS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise TypeError(
                f"{WHERE}: unknown setting {name!r}. Received: {name}={arguments._short(base[name])}. "
                f"Fix: {hint}The settings are: {', '.join(FIELDS)}."
            )
    if "points" in base and base.get("points") is not None and "dataset" not in base:
        base["dataset"] = "user"
    return PlaygroundConfig(**base)


def _as_dict(config: Any) -> dict[str, Any]:
    if config is None:
        return {}
    if isinstance(config, PlaygroundConfig):
        return {name: getattr(config, name) for name in FIELDS}
    if isinstance(config, str):
        try:
            loaded = json.loads(config)
        except json.JSONDecodeError as error:
            raise ValueError(
                f"{WHERE}: config is not valid JSON ({error}). Received: config={arguments._short(config)}. "
                "Fix: pass the string Playground.config_json() or export_config() returned, or a dict."
            ) from None
        if not isinstance(loaded, dict):
            raise ValueError(
                f"{WHERE}: config must be a JSON object of settings. "
                f"Received: config={arguments._short(config)}. "
                'Fix: pass e.g. config=\'{"dataset": "xor"}\'.'
            )
        return loaded
    if isinstance(config, Mapping):
        return dict(config)
    raise TypeError(
        f"{WHERE}: config must be a dict, a JSON string or a PlaygroundConfig. Received: "
        f"config={arguments._short(config)} ({type(config).__name__}). Fix: pass e.g. "
        'config={"dataset": "xor"}, or config=playground.config_json().'
    )


def _plain(value: Any) -> Any:
    """Tuples (nested) as lists, NumPy scalars as Python numbers: what JSON holds."""
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _checked_fields(config: PlaygroundConfig) -> dict[str, Any]:
    """Every field checked and normalised (tuples, Python numbers), in an order where later checks rely on
    earlier ones (the user's points before the number of classes, say)."""
    number, whole = _real, _whole
    dataset = arguments.choice(config.dataset, "dataset", where=WHERE, options=tuple(DATASETS))
    points, labels = _user_data(config.points, config.labels, dataset)
    classes = whole(config.classes, "classes", 2)
    if DATASETS[dataset] is not None and dataset != "mnist" and classes not in DATASETS[dataset]:
        allowed = " or ".join(map(str, DATASETS[dataset]))
        others = ", ".join(name for name, ks in DATASETS.items() if ks and classes in ks and name != "mnist")
        raise ValueError(
            f"{WHERE}: the {dataset} data set has {allowed} classes. Received: classes={classes}. "
            f"Fix: pass classes={DATASETS[dataset][-1]}, or a data set that has {classes} classes "
            f"({others})."
        )
    digits = _digits(config.digits)
    samples = whole(config.samples, "samples", 4)
    if samples > MAX_SAMPLES:
        raise ValueError(
            f"{WHERE}: samples must be at most {MAX_SAMPLES}, or every frame gets slow. "
            f"Received: samples={samples}. Fix: pass e.g. samples=300."
        )
    if dataset == "mnist" and samples > PER_DIGIT * len(digits):
        available = PER_DIGIT * len(digits)
        raise ValueError(
            f"{WHERE}: the bundled MNIST has {PER_DIGIT} images of each digit, {available} for "
            f"digits={list(digits)}. Received: samples={samples}. Fix: pass samples={available} or fewer."
        )
    train_ratio = number(config.train_ratio, "train_ratio", at_least=0.1, at_most=0.9)
    n_points = len(points) if points is not None else samples
    n_train = round(train_ratio * n_points)
    if not 1 <= n_train <= n_points - 1:
        raise ValueError(
            f"{WHERE}: train_ratio={train_ratio:g} of {n_points} points leaves "
            f"{'no training' if n_train < 1 else 'no test'} points. "
            "Fix: pass a train_ratio between 0.1 and 0.9, or more samples."
        )
    hidden = _hidden(config.hidden)
    return {
        "dataset": dataset,
        "classes": classes,
        "digits": digits,
        "samples": samples,
        "noise": number(config.noise, "noise", at_least=0, at_most=1),
        "train_ratio": train_ratio,
        "features": _features(config.features),
        "hidden": hidden,
        "activation": arguments.choice(config.activation, "activation", where=WHERE, options=ACTIVATIONS),
        "optimizer": arguments.choice(config.optimizer, "optimizer", where=WHERE, options=OPTIMIZERS),
        "learning_rate": number(config.learning_rate, "learning_rate", above=0, at_most=10),
        "l1": number(config.l1, "l1", at_least=0, at_most=1),
        "l2": number(config.l2, "l2", at_least=0, at_most=1),
        "batch_size": whole(config.batch_size, "batch_size", 1),
        "steps_per_frame": _steps_per_frame(config.steps_per_frame),
        "seed": arguments.seed(config.seed, where=WHERE, below=2**32),
        "points": points,
        "labels": labels,
    }


def _whole(value: Any, name: str, minimum: int) -> int:
    return arguments.whole_number(value, name, where=WHERE, minimum=minimum)


def _steps_per_frame(value: Any) -> int:
    steps = _whole(value, "steps_per_frame", 1)
    if steps > MAX_STEPS_PER_FRAME:
        raise ValueError(
            f"{WHERE}: steps_per_frame must be at most {MAX_STEPS_PER_FRAME}, or a frame takes seconds. "
            f"Received: steps_per_frame={steps}. Fix: pass e.g. steps_per_frame=10."
        )
    return steps


def _real(value: Any, name: str, *, above=None, at_least=None, below=None, at_most=None) -> float:
    if isinstance(value, str):  # a widget's text box or a JSON string: say "number", not a NumPy error
        raise TypeError(
            f"{WHERE}: {name} must be a number. Received: {name}={value!r} (text). "
            f"Fix: type a number such as {name}={_EXAMPLES.get(name, 0.1)}."
        )
    number = arguments.real_number(value, name, where=WHERE, above=above, at_least=at_least, below=below)
    if at_most is not None and number > at_most:
        raise ValueError(
            f"{WHERE}: {name} must be at most {at_most:g}. Received: {name}={value!r}. "
            f"Fix: pass a {name} of at most {at_most:g}."
        )
    return number


def _sequence(value: Any, name: str, example: str) -> list:
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(
            f"{WHERE}: {name} must be a list. Received: {name}={arguments._short(value)}. "
            f"Fix: pass e.g. {name}={example}."
        )
    return list(value)


def _hidden(value: Any) -> tuple[int, ...]:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = [value]  # hidden=8: one layer of 8 units
    layers = _sequence(value, "hidden", "[4, 2] (units per hidden layer; [] for none)")
    if len(layers) > MAX_LAYERS:
        raise ValueError(
            f"{WHERE}: at most {MAX_LAYERS} hidden layers. Received: hidden={arguments._short(layers)}. "
            "Fix: use fewer layers, e.g. hidden=[8, 8, 8]."
        )
    units = []
    for width in layers:
        try:
            units.append(arguments.whole_number(width, "hidden", where=WHERE, minimum=1))
        except (TypeError, ValueError):
            fix = [w for w in layers if not (isinstance(w, (int, np.integer)) and w == 0)]
            raise ValueError(
                f"{WHERE}: every hidden layer needs a whole number of units, at least 1. "
                f"Received: hidden={arguments._short(layers)}. Fix: remove a layer of 0 units "
                f"(e.g. hidden={fix if fix != layers else [4, 2]}), or give each layer 1 to {MAX_UNITS} "
                "units."
            ) from None
    if max(units, default=0) > MAX_UNITS:
        raise ValueError(
            f"{WHERE}: at most {MAX_UNITS} units per hidden layer (each is drawn as a map). "
            f"Received: hidden={units}. Fix: use e.g. hidden=[8, 8]."
        )
    return tuple(units)


def _features(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    names = _sequence(value, "features", "['x1', 'x2']")
    if not names:
        raise ValueError(
            f"{WHERE}: features is empty: the network needs at least one input. Received: features=[]. "
            "Fix: pass e.g. features=['x1', 'x2']."
        )
    for name in names:
        arguments.choice(name, "feature", where=WHERE, options=tuple(FEATURES))
    if len(set(names)) != len(names):
        raise ValueError(
            f"{WHERE}: each feature can be used once. Received: features={names}. "
            f"Fix: pass features={list(dict.fromkeys(names))}."
        )
    return tuple(sorted(names, key=list(FEATURES).index))  # one order: the same network whatever the clicks


def _digits(value: Any) -> tuple[int, ...]:
    digits = _sequence(value, "digits", "[0, 1] or [3, 5, 8]")
    try:
        digits = [arguments.whole_number(d, "digits", where=WHERE, minimum=0) for d in digits]
    except (TypeError, ValueError):
        digits = None
    if digits is None or len(digits) not in (2, 3) or max(digits) > 9 or len(set(digits)) != len(digits):
        raise ValueError(
            f"{WHERE}: digits must be two or three different digits 0..9. Received: "
            f"digits={arguments._short(value)}. Fix: pass e.g. digits=[0, 1] or digits=[3, 5, 8]."
        )
    return tuple(digits)


def _user_data(points: Any, labels: Any, dataset: str):
    if dataset != "user":
        if points is not None or labels is not None:
            raise ValueError(
                f"{WHERE}: points and labels are used with dataset='user' only. Received: "
                f"dataset={dataset!r} with points. Fix: pass dataset='user', or drop points and labels."
            )
        return None, None
    if points is None or labels is None:
        raise ValueError(
            f"{WHERE}: dataset='user' needs your points and labels. Received: "
            f"points={'None' if points is None else '...'}, labels={'None' if labels is None else '...'}. "
            "Fix: pass points=x (shape (n, 2)) and labels=y (n class labels 0..K-1)."
        )
    x = arguments.numeric_array(points, "points", where=WHERE)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(
            f"{WHERE}: points must have shape (n, 2), one (x1, x2) row per point: the playground draws the "
            f"plane. Received: points.shape={x.shape}. Fix: pass two columns, e.g. points=x[:, :2], or "
            "project wider data to 2-D first."
        )
    y = arguments.class_labels(labels, "labels", where=WHERE)
    arguments.same_length(x, y, where=WHERE, names=("points", "labels"))
    classes = int(y.max()) + 1
    if classes > MAX_CLASSES:
        raise ValueError(
            f"{WHERE}: labels has {classes} classes, more than the {MAX_CLASSES} colours the playground "
            f"draws. Received labels from {int(y.min())} to {int(y.max())}. Fix: keep at most "
            f"{MAX_CLASSES} classes, e.g. points=x[y < {MAX_CLASSES}], labels=y[y < {MAX_CLASSES}]."
        )
    if len(np.unique(y)) < 2:
        raise ValueError(
            f"{WHERE}: labels must hold at least two classes to classify. Received only class "
            f"{int(y[0])}. Fix: pass points of two classes or more."
        )
    if len(x) < 4 or len(x) > MAX_SAMPLES:
        raise ValueError(
            f"{WHERE}: points must hold 4 to {MAX_SAMPLES} rows. Received {len(x)}. "
            f"Fix: pass between 4 and {MAX_SAMPLES} points (a random subset of a larger set)."
        )
    return tuple(map(tuple, x.tolist())), tuple(y.tolist())
