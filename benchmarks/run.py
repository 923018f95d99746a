"""Benchmark (not a test): lesson times under nbval, import times, slide-model training speed.

    make benchmark        # or: .venv/bin/python benchmarks/run.py [--epochs N] [--skip-lessons]

Prints four tables. The third trains each of deck 001's models twice from the
same seed: once as nnkit builds it (steps_per_execution > 1) and once exactly as
plain Keras defaults build it, and checks the final losses are identical. The last
one times nnkit's input checks against the fit they guard (budget: 5% of the call).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from nnkit.session import TENSORFLOW_ENVIRONMENT

ROOT = Path(__file__).resolve().parents[1]
LESSON_BUDGET_SECONDS = 30  # per lesson, on the 2-core CPU machine (the issues' budget)
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "lessons/sanitize.cfg"]
SLIDE_LAYERS = {
    "sigmoid_binary": [(30, "sigmoid"), (15, "sigmoid"), (2, "sigmoid")],
    "softmax": [(25, "relu"), (15, "relu"), (10, "softmax")],
    "softmax_from_logits": [(25, "relu"), (15, "relu"), (10, "linear")],
    "adam_from_logits": [(25, "sigmoid"), (15, "sigmoid"), (10, "linear")],
}


def lesson_times() -> bool:
    print(
        f"Lessons under strict nbval (seconds, including pytest, kernel start and TensorFlow import; "
        f"budget {LESSON_BUDGET_SECONDS} s each)"
    )
    total = 0.0
    all_ok = True
    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        start = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                *NBVAL,
                str(path.relative_to(ROOT)),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        total += seconds
        status = "pass" if result.returncode == 0 else "FAIL"
        within = seconds <= LESSON_BUDGET_SECONDS
        all_ok &= status == "pass" and within
        print(f"  {path.stem:<32} {status}  {seconds:6.1f}  {'' if within else 'OVER BUDGET'}".rstrip())
    print(f"  {'total':<32}       {total:6.1f}\n")
    print("All lessons in one pytest run, as make test runs them (one notebook per worker)")
    parallel_lessons()
    return all_ok


def parallel_lessons(workers: int = 2) -> None:
    """The lesson part of ``make test`` on ``workers`` cores against the same pytest run on one."""
    seconds = {}
    for label, options in (("one after another", []), (f"{workers} workers", ["-n", str(workers)])):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options,
             "--dist", "loadscope", "--no-loadscope-reorder", *NBVAL, "lessons"],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )
        seconds[label] = time.perf_counter() - start
        status = "pass" if result.returncode == 0 else "FAIL"
        print(f"  {label:<32} {status}  {seconds[label]:6.1f}")
    ratio = seconds[f"{workers} workers"] / seconds["one after another"]
    print(f"  {'ratio (goal 0.6x)':<32}       {ratio:5.2f}x\n")


def import_times(repeats: int = 3) -> None:
    def median_seconds(statement: str) -> float:
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", statement],
                check=True,
                env={**os.environ, **TENSORFLOW_ENVIRONMENT},  # as nnkit.setup() sets it
                stderr=subprocess.DEVNULL,  # TensorFlow's start-up notices, not our measurement
            )
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    print(f"Import time (seconds, median of {repeats} fresh interpreters)")
    print(f"  {'python -c pass':<32} {median_seconds('pass'):6.2f}")
    print(f"  {'import nnkit':<32} {median_seconds('import nnkit'):6.2f}")
    print(f"  {'import tensorflow':<32} {median_seconds('import tensorflow'):6.2f}\n")


def training_times(epochs: int) -> bool:
    import nnkit

    nnkit.setup(seed=0)
    import keras

    (x, y), _ = nnkit.datasets.mnist()
    targets = {name: y for name in SLIDE_LAYERS}
    targets["sigmoid_binary"] = nnkit.datasets.digit_tags(y)[:, :2]  # two yes/no targets: even, > 4

    def plain_keras(name):
        model = keras.Sequential(
            [keras.layers.Dense(units, activation=act) for units, act in SLIDE_LAYERS[name]]
        )
        from_logits = name.endswith("from_logits")
        if name == "sigmoid_binary":
            loss = keras.losses.BinaryCrossentropy()
        else:
            loss = keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits)
        if name == "adam_from_logits":
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=loss)
        else:
            model.compile(loss=loss)
        return model

    def fit(build, name):
        keras.utils.set_random_seed(0)
        model = build(name)
        start = time.perf_counter()
        history = model.fit(x, targets[name], epochs=epochs, verbose=0)
        return time.perf_counter() - start, history.history["loss"][-1]

    print(f"Training each slide model on {len(x)} digits, {epochs} epochs, batch 32 (seconds)")
    header = f"{'nnkit':>7} {'plain':>7} {'speed-up':>8}  {'nnkit loss':>12} {'plain loss':>12}  equal"
    print(f"  {'model':<22} {header}")
    all_equal = True
    for name in SLIDE_LAYERS:
        fit(nnkit.slide_model, name)  # warm-up: first-call tracing is not what we compare
        nnkit_seconds, nnkit_loss = fit(nnkit.slide_model, name)
        plain_seconds, plain_loss = fit(plain_keras, name)
        equal = nnkit_loss == plain_loss
        all_equal &= equal
        print(
            f"  {name:<22} {nnkit_seconds:7.2f} {plain_seconds:7.2f} {plain_seconds / nnkit_seconds:7.1f}x"
            f"  {nnkit_loss:12.8f} {plain_loss:12.8f}  {'yes' if equal else 'NO'}"
        )
    return all_equal


def input_check_overhead(repeats: int = 5) -> bool:
    import nnkit
    from nnkit.input_checks import check_data

    (x, y), _ = nnkit.datasets.mnist()
    model = nnkit.slide_model("softmax_from_logits", input_dim=784)
    model.fit(x, y, epochs=1, verbose=0)  # warm-up: tracing is not what we compare

    def median_seconds(call) -> float:
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            call()
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    checks = median_seconds(lambda: check_data(model, x, y, where="model.fit"))
    unchecked_fit = median_seconds(lambda: type(model).fit(model, x, y, epochs=1, verbose=0))
    share = checks / unchecked_fit
    print(f"\nInput checks on the slide model, {len(x)} digits (seconds, median of {repeats})")
    print(f"  {'checks alone':<32} {checks:8.4f}")
    print(f"  {'fit, 1 epoch, without checks':<32} {unchecked_fit:8.4f}")
    print(f"  {'checks / fit':<32} {share:8.1%}  {'' if share <= 0.05 else 'OVER THE 5% BUDGET'}".rstrip())
    return share <= 0.05


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--skip-lessons", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPU cores, Python {sys.version.split()[0]}\n")
    lessons_ok = args.skip_lessons or lesson_times()
    import_times()
    losses_equal = training_times(args.epochs)
    checks_cheap = input_check_overhead()
    return 0 if lessons_ok and losses_equal and checks_cheap else 1


if __name__ == "__main__":
    sys.exit(main())
