"""The defaults of ``nnkit.prototype`` and ``nnkit train``, in a module the command line imports cheaply.

Measured by benchmarks/prototype.py: on the bundled digits (784 columns) a (32, 16) network at 1e-2
kept its first epoch's weights (0.877 test accuracy); these reach scikit-learn's MLPClassifier (0.928)
in about its time, and do as well on the penguins table (8 columns).

Example:
    >>> DEFAULT_HIDDEN
    (128, 64)
"""

DEFAULT_HIDDEN = (128, 64)
DEFAULT_LEARNING_RATE = 3e-3
DEFAULT_BATCH_SIZE = 128
DEFAULT_EPOCHS = 200  # the most; early stopping usually ends sooner
MIN_ROWS = 10  # fewer usable rows cannot fill a training, a validation and a test split
# The roles --role COL=ROLE (roles={col: role}) may force; "drop" leaves the column out.
FORCED_ROLES = ("number", "category", "text", "datetime", "drop")
