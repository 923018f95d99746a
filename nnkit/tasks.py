"""What each kind of task puts on the output layer, after deck 001's "choosing the activation".

Plain data, no TensorFlow: the model builder, the input checks and
:func:`nnkit.predict_proba` all read this one table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    """An output layer recipe.

    Attributes:
        activation: the output activation when the model outputs probabilities or values.
        loss: the name of the ``keras.losses`` class that trains it.
        probability: ``"sigmoid"`` or ``"softmax"``, the function that turns logits
            into probabilities, or ``None`` for regression.
        min_outputs: the fewest output units that make sense.
    """

    activation: str
    loss: str
    probability: str | None
    min_outputs: int = 1


TASKS: dict[str, Task] = {
    "regression": Task("linear", "MeanSquaredError", None),
    "positive_regression": Task("relu", "MeanSquaredError", None),
    "binary": Task("sigmoid", "BinaryCrossentropy", "sigmoid"),
    "multiclass": Task("softmax", "SparseCategoricalCrossentropy", "softmax", min_outputs=2),
    "multilabel": Task("sigmoid", "BinaryCrossentropy", "sigmoid"),
}


def get_task(task: str) -> Task:
    """Return the recipe for ``task``, or raise a ValueError that lists the known tasks.

    Example:
        >>> get_task("binary").loss
        'BinaryCrossentropy'
    """
    if task not in TASKS:
        raise ValueError(
            f"Unknown task. Received: task={task!r}. "
            f"Fix: use one of {', '.join(repr(name) for name in TASKS)}."
        )
    return TASKS[task]
