"""Beyond one device: with several devices, prototype trains under tf.distribute.MirroredStrategy.

The rule is "more than one GPU"; this machine has none, so the test splits its CPU into two logical
devices (which must happen before TensorFlow starts, hence a fresh process) and forces the
distributed path through nnkit.prototyping.devices._forced_devices.
"""

import json
import subprocess
import sys
import textwrap

import numpy as np

import nnkit
from nnkit.prototyping import devices

TWO_DEVICES = textwrap.dedent(
    """
    import json, os, sys
    from nnkit.session import TENSORFLOW_ENVIRONMENT
    os.environ.update(TENSORFLOW_ENVIRONMENT)
    import tensorflow as tf
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    import nnkit
    nnkit.setup(seed=0)
    import numpy as np, pandas as pd
    from nnkit.prototyping import devices
    devices._forced_devices = [device.name for device in tf.config.list_logical_devices("CPU")]
    rng = np.random.default_rng(0)
    n = 120
    frame = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    frame["colour"] = rng.choice(["r", "g"], n)  # a text column: Keras's distributed fit cannot take it
    frame["t"] = np.where(frame.a + frame.b > 0, "yes", "no")  # separable by a line
    run = nnkit.prototype(
        frame, target="t", hidden=(8,), epochs=8, batch_size=16, learning_rate=3e-2, verbose=0
    )
    folder = run.save(sys.argv[1])
    predictions = nnkit.prototyping.load_run(folder).predict(frame.drop(columns="t").head(4))
    print("RESULT", json.dumps({"metrics": run.metrics, "settings": run.settings,
                               "predicted": predictions.predicted_t.tolist()}))
    """
)


def test_two_devices_train_under_mirrored_strategy_with_the_same_kind_of_result(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", TWO_DEVICES, str(tmp_path / "run")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = result.stdout
    assert (
        "Devices: 2 (CPU:0, CPU:1), one copy of the network on each (tf.distribute.MirroredStrategy)"
        in report
    )
    outcome = json.loads(report.split("RESULT ", 1)[1])
    assert outcome["settings"]["devices"] == ["CPU:0", "CPU:1"]
    model, baseline = outcome["metrics"]["model"], outcome["metrics"]["baseline"]
    assert set(model) == set(baseline) == {"accuracy", "confusion_matrix"}  # as on one device
    assert model["accuracy"] >= 0.9 > baseline["accuracy"] + 0.2
    assert set(outcome["predicted"]) <= {"yes", "no"} and len(outcome["predicted"]) == 4
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["model"]["devices"] == ["CPU:0", "CPU:1"]
    assert "tf.distribute.MirroredStrategy" in (tmp_path / "run" / "summary.md").read_text()


def test_one_device_trains_without_a_strategy(capsys):
    assert devices.training_strategy() is None
    x = np.random.default_rng(0).normal(size=(40, 2))
    run = nnkit.prototype((x, (x[:, 0] > 0).astype(int)), hidden=(4,), epochs=1, verbose=0)
    assert run.settings["devices"] == [] and "Devices:" not in capsys.readouterr().out
