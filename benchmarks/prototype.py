"""Benchmark (not a test): nnkit.prototype against scikit-learn's MLPClassifier and a plain Keras script.

    .venv/bin/python benchmarks/prototype.py [--seed 0] [--repeats 3]

Two tables, each split once by nnkit.prototype (seeded, stratified: 60% train, 20% validation, 20%
test) and that split given to all three:

- the Palmer penguins (344 rows; text columns and missing values),
- the bundled digits (5,000 rows of 784 pixels, nnkit.datasets.mnist's train and test together).

Contenders, each timed from the raw table to test predictions (TensorFlow's start-up excluded by a
warm-up run; every contender once per round, --repeats rounds, the median kept):

- ``nnkit.prototype(table, target=...)`` with its defaults (nnkit/prototype_defaults.py: Dense (128, 64),
  Adam 3e-3, batch 128, early stopping with patience 10 on the validation rows);
- scikit-learn's ``MLPClassifier()`` with its defaults (``random_state`` fixed, for repeatable
  numbers), behind the preparation it needs (``ColumnTransformer``: mean imputation and scaling of
  numbers, one-hot encoding of text), trained on the train rows; and again on the train and
  validation rows together, since it keeps no validation set of its own by default;
- a plain Keras script as the lessons write one (lesson 13: ``Dense(64, relu)``, ``Dense(10)``
  logits, Adam, batch 32, 10 epochs, the validation rows as ``validation_data``), the table made
  numeric with pandas first (mean-filled, standardized, one-hot text).

Prints a Markdown table: seconds and test accuracy per table and contender, and the goal's checks;
then the penguins' accuracy over ``--seeds`` splits (one of 69 test penguins is 1.4 points, so one
split says little); then the floor of nnkit's time: one epoch of a new network's ``fit``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import time
import warnings
from pathlib import Path

import nnkit
from nnkit import prototype_defaults

nnkit.setup(seed=0)

import keras  # noqa: E402
import numpy as np  # noqa: E402
import palmerpenguins  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

PENGUINS = Path(palmerpenguins.__file__).parent / "data" / "penguins.csv"


def tables() -> dict[str, tuple[pd.DataFrame, str]]:
    (x_train, y_train), (x_test, y_test) = nnkit.datasets.mnist()
    digits = pd.DataFrame(np.concatenate([x_train, x_test]), columns=[f"pixel{i}" for i in range(784)])
    digits["label"] = np.concatenate([y_train, y_test])
    return {"penguins": (pd.read_csv(PENGUINS), "species"), "digits": (digits, "label")}


def timed_rounds(contenders: dict, repeats: int) -> dict:
    """``{name: (median seconds, accuracy)}``: every contender once per round, so a busy moment of
    this shared machine slows every contender alike rather than one."""
    seconds = {name: [] for name in contenders}
    accuracy = {}
    for _ in range(repeats):
        for name, train in contenders.items():
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):  # nnkit's report: the table says it all
                accuracy[name] = train()
            seconds[name].append(time.perf_counter() - start)
    return {name: (statistics.median(seconds[name]), accuracy[name]) for name in contenders}




def with_nnkit(frame: pd.DataFrame, target: str, seed: int, **options):
    return nnkit.prototype(frame, target=target, seed=seed, verbose=0, live=False, **options)


def with_sklearn(frame: pd.DataFrame, target: str, split: dict, seed: int, *, parts=("train",)) -> float:
    features = frame.drop(columns=target)
    numeric = [name for name in features if pd.api.types.is_numeric_dtype(features[name])]
    text = [name for name in features if name not in numeric]
    prepare = ColumnTransformer(
        [
            ("numbers", make_pipeline(SimpleImputer(), StandardScaler()), numeric),
            (
                "text",
                make_pipeline(
                    SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")
                ),
                text,
            ),
        ]
    )
    model = make_pipeline(prepare, MLPClassifier(random_state=seed))
    fit_rows = np.concatenate([split[part] for part in parts])
    model.fit(features.iloc[fit_rows], frame[target].iloc[fit_rows])
    predicted = model.predict(features.iloc[split["test"]])
    return float(np.mean(predicted == frame[target].iloc[split["test"]].to_numpy()))


def with_plain_keras(frame: pd.DataFrame, target: str, split: dict, seed: int) -> float:
    """The way lesson 13 trains its MLP, after making the table numeric with pandas."""
    keras.utils.set_random_seed(seed)
    classes = sorted(frame[target].unique())
    y = frame[target].map({label: k for k, label in enumerate(classes)}).to_numpy()
    x = pd.get_dummies(frame.drop(columns=target), dtype="float32")  # text columns one-hot
    train = x.iloc[split["train"]]
    x = ((x.fillna(train.mean()) - train.mean()) / train.std().replace(0, 1)).to_numpy("float32")
    x_fit, y_fit = x[split["train"]], y[split["train"]]
    model = keras.Sequential(
        [
            keras.Input(shape=(x.shape[1],)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(len(classes)),
        ]
    )
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    validation = (x[split["validation"]], y[split["validation"]])
    model.fit(x_fit, y_fit, validation_data=validation, epochs=10, batch_size=32, verbose=0)
    predicted = model.predict(x[split["test"]], verbose=0).argmax(axis=1)
    return float(np.mean(predicted == y[split["test"]]))


def one_epoch_fit(frame: pd.DataFrame, target: str, split: dict, seed: int) -> float:
    """Seconds of ``fit`` for one epoch of a new network as nnkit.prototype compiles it (validation,
    one execution per epoch), on numbers already prepared: the part of nnkit's time no setting removes,
    since Keras traces a new model's training and validation steps on its first epoch."""
    keras.utils.set_random_seed(seed)
    x = frame.drop(columns=target).to_numpy("float32")
    y = frame[target].to_numpy()
    train, validation = split["train"], split["validation"]
    hidden = [keras.layers.Dense(units, activation="relu") for units in prototype_defaults.DEFAULT_HIDDEN]
    model = keras.Sequential([keras.Input(shape=(x.shape[1],)), *hidden, keras.layers.Dense(10)])
    batch = prototype_defaults.DEFAULT_BATCH_SIZE
    model.compile(
        optimizer=keras.optimizers.Adam(prototype_defaults.DEFAULT_LEARNING_RATE),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
        steps_per_execution=-(-len(train) // batch),  # batches per epoch, as nnkit.prototype
    )
    start = time.perf_counter()
    model.fit(x[train], y[train], validation_data=(x[validation], y[validation]), batch_size=batch,
              epochs=1, verbose=0)
    return time.perf_counter() - start


NNKIT = "nnkit.prototype"
SKLEARN, SKLEARN_ALL = "scikit-learn MLPClassifier", "scikit-learn MLPClassifier, train+validation rows"
KERAS = "plain Keras (lesson 13)"


def contenders(frame: pd.DataFrame, target: str, split: dict, seed: int) -> dict:
    """Each contender as a function of nothing that returns the test accuracy."""
    return {
        NNKIT: lambda: with_nnkit(frame, target, seed).metrics["model"]["accuracy"],
        SKLEARN: lambda: with_sklearn(frame, target, split, seed),
        SKLEARN_ALL: lambda: with_sklearn(frame, target, split, seed, parts=("train", "validation")),
        KERAS: lambda: with_plain_keras(frame, target, split, seed),
    }


def over_seeds(frame: pd.DataFrame, target: str, seeds) -> dict:
    """``{contender: [test accuracy per seed]}``, each seed its own split (made by nnkit.prototype).

    On a small table one test row moves the accuracy by points; several splits say more than one.
    """
    accuracy = {}
    for seed in seeds:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            run = with_nnkit(frame, target, seed)
            split = {part: np.array(rows_of_part) for part, rows_of_part in run.split.items()}
            for contender, train in contenders(frame, target, split, seed).items():
                if contender == NNKIT:
                    result = run.metrics["model"]["accuracy"]  # the run that made the split
                else:
                    result = train()
                accuracy.setdefault(contender, []).append(result)
    return accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--repeats", type=int, default=3, help="rounds of runs; each one's median time is kept"
    )
    parser.add_argument(
        "--seeds", type=int, default=10, help="splits of the penguins for the accuracy over seeds"
    )
    options = parser.parse_args()
    data = tables()  # read once: the digits table is 5,000 rows of 784 pixels
    warm_up, _ = data["penguins"]
    with contextlib.redirect_stdout(io.StringIO()):
        with_nnkit(warm_up, "species", options.seed)  # TensorFlow's start-up, out of every timing

    rows = {}
    for name, (frame, target) in data.items():
        with contextlib.redirect_stdout(io.StringIO()):
            run = with_nnkit(frame, target, options.seed)
        split = {part: np.array(rows_of_part) for part, rows_of_part in run.split.items()}  # shared by all
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            results = timed_rounds(contenders(frame, target, split, options.seed), options.repeats)
        rows.update({(name, contender): result for contender, result in results.items()})
        if name == "digits":
            digits_split = split
        sizes = "/".join(str(len(split[part])) for part in ("train", "validation", "test"))
        stopped = sum(issubclass(warning.category, ConvergenceWarning) for warning in caught)
        print(
            f"{name}: split {sizes}; nnkit.prototype ran {run.settings['epochs_run']} epochs; "
            f"MLPClassifier stopped at max_iter=200 unconverged in {stopped} of {2 * options.repeats} fits",
            flush=True,
        )

    print("\n| table | method | seconds | test accuracy |")
    print("|---|---|---|---|")
    for (name, contender), (seconds, accuracy) in rows.items():
        print(f"| {name} | {contender} | {seconds:.1f} | {accuracy:.4f} |")
    print()
    for name in ("penguins", "digits"):
        best_other = max(rows[name, other][1] for other in (SKLEARN, SKLEARN_ALL, KERAS))
        verdict = "yes" if rows[name, NNKIT][1] >= best_other else "no"
        print(f"{name}: {NNKIT} accuracy >= every other: {verdict}")
    ratio = rows["digits", NNKIT][0] / rows["digits", SKLEARN][0]
    verdict = "yes" if ratio <= 0.5 else "no"
    print(f"digits: {NNKIT} time / scikit-learn's = {ratio:.2f} (goal <= 0.5: {verdict})")
    seeds = range(options.seeds)
    print(f"\npenguins, {options.seeds} seeds (each its own split): test accuracy, mean and range")
    print("| method | mean | lowest | highest |")
    print("|---|---|---|---|")
    for contender, values in over_seeds(*data["penguins"], seeds).items():
        print(f"| {contender} | {np.mean(values):.4f} | {min(values):.4f} | {max(values):.4f} |")
    frame, target = data["digits"]
    floor = statistics.median(one_epoch_fit(frame, target, digits_split, options.seed) for _ in range(3))
    print(
        f"digits: one epoch of a new network's fit alone takes {floor:.2f} s, "
        f"{floor / rows['digits', SKLEARN][0]:.2f}x scikit-learn's whole time"
    )


if __name__ == "__main__":
    main()
