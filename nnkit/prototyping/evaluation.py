"""A prototype's test: its metrics beside a trivial baseline's, their 95% intervals, and honest warnings.

NumPy only. The intervals: Wilson's for an accuracy (lesson 15), a seeded bootstrap for an MAE.
"""

from __future__ import annotations

import math

import numpy as np

from nnkit import metrics as nnkit_metrics

SMALL_TEST = 100  # fewer test rows: the report warns that the score is uncertain, with its interval
PINNED_SHARE = 0.05  # this share of test predictions at one bound of the outputs: stuck there
BOOTSTRAP_SAMPLES = 1000
Z95 = 1.959964


def measure(task: str, y_true, y_pred, n_classes: int) -> dict:
    """The test metrics: accuracy and confusion matrix, accuracy and exact match, or MAE and RMSE.

    Example:
        >>> measure("regression", np.array([1.0, 2.0]), np.array([1.5, 2.0]), 0)
        {'mae': 0.25, 'rmse': 0.3535533905932738}
    """
    if task in ("binary", "multiclass"):
        matrix = nnkit_metrics.confusion_matrix(y_true, y_pred, num_classes=n_classes)
        return {"accuracy": float(np.trace(matrix) / matrix.sum()), "confusion_matrix": matrix.tolist()}
    if task == "multilabel":
        return {
            "accuracy": float(np.mean(y_true == y_pred)),  # per label, averaged
            "exact_match": float(np.mean(np.all(y_true == y_pred, axis=1))),
        }
    error = np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)
    return {"mae": float(np.mean(np.abs(error))), "rmse": float(np.sqrt(np.mean(error**2)))}


def wilson_interval(correct: int, n: int) -> list[float]:
    """The 95% Wilson interval of an accuracy of ``correct`` out of ``n``.

    Example:
        >>> [round(v, 3) for v in wilson_interval(13, 15)]
        [0.621, 0.963]
    """
    p = correct / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 / (1 + Z95**2 / n) * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2))
    return [max(0.0, centre - half), min(1.0, centre + half)]


def bootstrap_mae(errors, *, seed: int = 0) -> list[float]:
    """The 95% bootstrap interval (percentiles) of the mean absolute error of ``errors``.

    Example:
        >>> low, high = bootstrap_mae(np.arange(-10, 11.0))
        >>> low < 5.24 < high
        True
    """
    errors = np.abs(np.asarray(errors, dtype=float))
    rng = np.random.default_rng(seed)
    means = [errors[rng.integers(0, len(errors), len(errors))].mean() for _ in range(BOOTSTRAP_SAMPLES)]
    return [float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))]


def intervals(task: str, y_true, y_pred, *, seed: int) -> dict:
    """95% intervals of the headline test metric: ``{"accuracy": [low, high]}`` or ``{"mae": [...]}``."""
    if task in ("binary", "multiclass"):
        return {"accuracy": wilson_interval(int(np.sum(y_true == y_pred)), len(y_true))}
    if task == "multilabel":
        exact = int(np.sum(np.all(y_true == y_pred, axis=1)))
        return {"exact_match": wilson_interval(exact, len(y_true))}
    return {"mae": bootstrap_mae(np.asarray(y_pred, float) - np.asarray(y_true, float), seed=seed)}


def honest_warnings(
    task: str, metrics: dict, spans: dict, predicted, *, test_rows: int, lower=None, hint: str | None = None
) -> list[str]:
    """Sentences an analyst should read before trusting the numbers.

    ``predicted``: the test predictions (regression); ``lower``: the bound a non-negative output
    cannot go under (0), where a prediction stuck there is flagged; ``hint``: a likely cause, added to
    the sentence of a model that does not beat its baseline.

    Example:
        >>> m = {"model": {"accuracy": 0.4}, "baseline": {"accuracy": 0.4}}
        >>> found = honest_warnings("binary", m, {"accuracy": [0.2, 0.6]}, None, test_rows=15)
        >>> for sentence in found:
        ...     print(sentence.split(":")[0])
        the model does not beat the baseline (test accuracy 0.4000 against 0.4000)
        the test split has only 15 rows, so the test accuracy is uncertain
    """
    found = []
    model, baseline = metrics["model"], metrics["baseline"]
    name = "mae" if "mae" in model else ("exact_match" if task == "multilabel" else "accuracy")
    worse = model[name] >= baseline[name] if name == "mae" else model[name] <= baseline[name]
    if worse:
        found.append(
            f"the model does not beat the baseline (test {name} {score(name, model[name])} against "
            f"{score(name, baseline[name])}): it has learned nothing usable from the inputs. Check the "
            "columns' roles, give it more rows, or try other inputs" + (f"; {hint}" if hint else "")
        )
    if test_rows < SMALL_TEST and name in spans:
        low, high = spans[name]
        how = "Wilson" if name != "mae" else "bootstrap"
        found.append(
            f"the test split has only {test_rows} rows, so the test {name} is uncertain: 95% interval "
            f"{score(name, low)} to {score(name, high)} ({how}); differences smaller than that are noise. "
            "More rows (or test_size) narrow it"
        )
    if predicted is not None and len(predicted):
        values = np.asarray(predicted, dtype=float)
        if len(np.unique(values)) == 1:
            found.append(f"the model predicts the same value ({values[0]:.4g}) for every test row")
        else:
            for bound, where in ((values.min(), "lowest"), (values.max(), "highest")):
                share = float(np.mean(values == bound))
                if share >= PINNED_SHARE or (lower is not None and bound <= lower):
                    found.append(
                        f"{share:.0%} of the test predictions are exactly {bound:.4g}, the {where} output: "
                        "pinned at a bound rather than predicted"
                    )
                    break
    return found


def score(name: str, value: float) -> str:
    """A metric with fixed decimals: 4 for a share (accuracy), 4 significant-ish for an error.

    Example:
        >>> score("accuracy", 1.0), score("mae", 1234.5678), score("mae", 0.012345)
        ('1.0000', '1234.57', '0.0123')
    """
    if name in ("mae", "rmse"):
        return f"{value:.2f}" if abs(value) >= 100 else f"{value:.4f}"
    return f"{value:.4f}"
