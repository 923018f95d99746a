"""Where a prototype trains: the default device, or a copy of the network on each of several GPUs.

With more than one GPU visible, :func:`training_strategy` returns a
``tf.distribute.MirroredStrategy``: each batch is split between the GPUs, each computes the
gradients of its share, and they are summed before one update of the copies they all hold.
"""

from __future__ import annotations

# Tests set this to device names (e.g. two logical CPUs) to take the distributed path without GPUs.
_forced_devices: list[str] | None = None


def training_strategy():
    """A ``MirroredStrategy`` over the visible GPUs when there are at least two, else ``None``.

    Example:
        >>> import nnkit
        >>> nnkit.setup(seed=0)
        >>> strategy = training_strategy()  # None on a machine with one device
        >>> strategy is None or strategy.num_replicas_in_sync >= 2
        True
    """
    import tensorflow as tf

    devices = _forced_devices or [device.name for device in tf.config.list_logical_devices("GPU")]
    if len(devices) < 2:
        return None
    return tf.distribute.MirroredStrategy(devices)
