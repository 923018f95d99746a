"""Benchmark (not a test): frames per second of the live playground, as the widget makes them.

    .venv/bin/python benchmarks/playground.py [--frames 60] [--repeats 3]

One frame is what Play does between two yields to the kernel: ``steps_per_frame`` optimizer
steps, the losses on every train and test point, every map on the grid, the redraw of all
views and their PNG encoding, and the status line. The frames are made by pressing the
widget's own Step button. Two setups, as issue 13 asks: a 2-4-2 network (2 inputs, 4 hidden
units, 2 classes) on circles and an 8-8-8 network (three hidden layers of 8) on spirals. The
table also prints the training loss after 1, 3 and 6 seconds of Play at the measured rate (Play
waits between frames above 25 per second), so you can see that the steps per frame make learning
visible: neither over in a blink nor stuck. Goal: at least 10 frames per second.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import nnkit

SETUPS = {
    "2-4-2 on circles": {"dataset": "circles", "hidden": [4], "steps_per_frame": 10},
    "8-8-8 on spirals": {"dataset": "spirals", "hidden": [8, 8, 8], "noise": 0.0, "steps_per_frame": 20},
}
GOAL_FPS = 10.0


def time_frames(settings: dict, frames: int) -> tuple[float, dict[str, float], list[float]]:
    """Seconds per frame (median of ``frames``), the share of each part, and the train loss per frame."""
    playground = nnkit.playground(settings)
    step = playground.buttons["Step"]
    for _ in range(3):  # TensorFlow traces its functions, matplotlib caches fonts
        step.click()
    playground.buttons["Reset"].click()
    parts = {"train": [], "maps": [], "redraw": [], "png": []}
    totals = []
    trainer, views = playground._trainer, playground._views
    for _ in range(frames):
        start = time.perf_counter()
        step.click()
        totals.append(time.perf_counter() - start)
    # The same frames again, part by part (for the table's split only).
    for _ in range(frames):
        t0 = time.perf_counter()
        trainer.train(playground.config.steps_per_frame)
        t1 = time.perf_counter()
        snapshot = trainer.snapshot()
        t2 = time.perf_counter()
        views.update(snapshot)
        t3 = time.perf_counter()
        views.png()
        t4 = time.perf_counter()
        for name, seconds in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            parts[name].append(seconds)
    split = {name: statistics.median(values) for name, values in parts.items()}
    return statistics.median(totals), split, trainer.history["train_loss"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    nnkit.setup(seed=0)  # before TensorFlow loads
    from nnkit.playground.widget import MAX_FRAMES_PER_SECOND

    print(f"machine: {os.cpu_count()} CPU cores, Python {platform.python_version()}")
    print(
        f"\nPlayground frames per second (median frame of {options.frames}, best of {options.repeats} runs; "
        f"goal {GOAL_FPS:g})"
    )
    header = (
        f"  {'setup':18} {'steps/frame':>11} {'fps':>6} {'train':>6} {'maps':>6} {'redraw':>6} {'png':>6}"
        f"   {'loss at 0 s':>11} {'1 s':>6} {'3 s':>6} {'6 s':>6}"
    )
    print(header + "\n" + " " * 41 + "(ms per frame)")
    for name, settings in SETUPS.items():
        runs = [time_frames(settings, options.frames) for _ in range(options.repeats)]
        seconds, split, losses = min(runs, key=lambda run: run[0])
        fps = 1 / seconds
        # losses[i] is the loss after i frames (frame 0: before training); Play shows at most
        # MAX_FRAMES_PER_SECOND frames a second, so a faster machine does not train faster on screen.
        played = min(fps, MAX_FRAMES_PER_SECOND)
        at = [losses[min(round(t * played), len(losses) - 1)] for t in (0, 1, 3, 6)]
        print(
            f"  {name:18} {settings['steps_per_frame']:>11} {fps:>6.1f} "
            + " ".join(f"{1000 * split[part]:>6.1f}" for part in ("train", "maps", "redraw", "png"))
            + f"   {at[0]:>11.3f} {at[1]:>6.3f} {at[2]:>6.3f} {at[3]:>6.3f}"
            + ("" if fps >= GOAL_FPS else "   below the goal")
        )


if __name__ == "__main__":
    main()
