"""nnkit.playground (issue 13) without a browser: config, data, features, training, views, export, widget.

The browser test (JupyterLab and Chromium) lives in tests/test_playground_browser.py; here the widget
is driven programmatically, by its buttons' click() and its controls' values.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nnkit
from nnkit.playground import Playground, PlaygroundConfig, export_code, export_config, make_config, run
from nnkit.playground.data import make_data
from nnkit.playground.engine import Trainer
from nnkit.playground.features import FEATURES, feature_columns

SMALL = {"samples": 60, "hidden": [3]}
STATUS = re.compile(r"step (\d+) · train loss (\d+\.\d{4}) · test loss (\d+\.\d{4})")


# ----------------------------------------------------------------------------- config


def test_config_round_trips_through_dict_and_json():
    config = PlaygroundConfig(
        dataset="spirals",
        classes=3,
        hidden=[8, 8],
        features=["x2", "x1", "sin(x1)"],
        optimizer="momentum",
        learning_rate=0.01,
        l2=0.001,
        seed=7,
    )
    assert PlaygroundConfig.from_dict(config.to_dict()) == config
    assert PlaygroundConfig.from_json(config.to_json()) == config
    assert json.loads(config.to_json()) == config.to_dict()
    assert make_config(export_config(config)) == config


def test_keyword_settings_override_the_config_and_are_normalised():
    config = make_config('{"dataset": "xor", "hidden": [4, 2]}', hidden=8, noise=np.float32(0.25))
    assert (config.dataset, config.hidden, config.noise) == ("xor", (8,), 0.25)
    assert config.features == ("x1", "x2")
    assert make_config(features=["sin(x1)", "x1"]).features == ("x1", "sin(x1)")  # one canonical order


def test_user_points_round_trip_and_imply_dataset_user():
    x = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 2.0], [3.0, 0.0]])
    config = make_config(points=x, labels=[0, 1, 0, 1])
    assert config.dataset == "user" and config.class_count == 2
    assert make_config(config.to_json()) == config


def test_playground_restores_a_config_json():
    first = Playground(dataset="gauss", classes=3, hidden=[5], samples=90, seed=3)
    second = nnkit.playground(config=first.config_json())
    assert second.config == first.config
    assert second.controls["hidden"].value == "5" and second.controls["classes"].value == 3


# ----------------------------------------------------------------------------- data and features


@pytest.mark.parametrize(
    "settings",
    [
        {"dataset": "xor"},
        {"dataset": "circles"},
        {"dataset": "circles", "classes": 3},
        {"dataset": "gauss"},
        {"dataset": "gauss", "classes": 3},
        {"dataset": "spirals"},
        {"dataset": "spirals", "classes": 3},
        {"dataset": "mnist", "digits": [3, 8]},
        {"dataset": "mnist", "digits": [0, 1, 7]},
    ],
    ids=lambda settings: "-".join(str(value) for value in settings.values()),
)
def test_every_data_set_gives_seeded_split_points_of_every_class(settings):
    config = make_config(samples=120, train_ratio=0.75, **settings)
    data = make_data(config)
    assert data.x_train.shape == (90, 2) and data.x_test.shape == (30, 2)
    assert data.x_train.dtype == np.float32 and np.all(np.isfinite(data.x_train))
    classes = config.class_count
    assert data.classes == classes
    assert set(np.concatenate([data.y_train, data.y_test]).tolist()) == set(range(classes))
    x1_min, x1_max, x2_min, x2_max = data.extent
    assert x1_min < data.x_train[:, 0].min() and data.x_train[:, 1].max() < x2_max
    again = make_data(make_config(samples=120, train_ratio=0.75, **settings))
    other = make_data(make_config(samples=120, train_ratio=0.75, seed=1, **settings))
    assert np.array_equal(again.x_train, data.x_train) and np.array_equal(again.y_test, data.y_test)
    assert not np.array_equal(other.x_train, data.x_train)


def test_generated_sets_have_their_shapes():
    rings = make_data(make_config(dataset="circles", classes=3, noise=0.0))
    radius = np.hypot(*rings.x_train.T)
    for k, expected in enumerate([5.0, 5.0 * 2 / 3, 5.0 / 3]):
        assert np.allclose(radius[rings.y_train == k], expected, atol=1e-5)
    xor = make_data(make_config(dataset="xor", noise=0.0))
    assert np.array_equal(xor.y_train, (np.sign(xor.x_train[:, 0]) != np.sign(xor.x_train[:, 1])).astype(int))


def test_user_points_are_used_as_given_without_noise():
    x = np.column_stack([np.arange(10.0), np.arange(10.0) ** 2])
    data = make_data(make_config(points=x, labels=np.arange(10) % 2, noise=0.5))
    both = np.concatenate([data.x_train, data.x_test])
    assert sorted(map(tuple, both.tolist())) == sorted(map(tuple, x.tolist()))


def test_features_compute_what_their_names_say():
    points = np.array([[0.5, -2.0], [3.0, 1.0]])
    columns = feature_columns(points, list(FEATURES))
    x1, x2 = points.T
    expected = np.column_stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)])
    assert columns.dtype == np.float32 and np.allclose(columns, expected, atol=1e-6)


def test_the_network_gets_one_input_per_feature_and_one_logit_per_class():
    trainer = Trainer(
        make_config(dataset="spirals", classes=3, features=["x1", "x2", "x1*x2"], hidden=[5, 4])
    )
    assert trainer.model.input_shape == (None, 3)
    assert [layer.units for layer in trainer.model.layers] == [5, 4, 3]
    snapshot = trainer.snapshot()
    assert [layer.shape[-1] for layer in snapshot.layers] == [3, 5, 4]
    assert np.allclose(snapshot.probabilities.sum(axis=-1), 1, atol=1e-5)


def test_penalties_and_momentum_reach_keras():
    model = Trainer(make_config(l1=0.01, l2=0.02, optimizer="momentum", learning_rate=0.05, **SMALL)).model
    penalty = model.layers[0].kernel_regularizer.get_config()
    assert np.allclose([penalty["l1"], penalty["l2"]], [0.01, 0.02])
    assert len(model.losses) == len(model.layers)  # one penalty per kernel, the output layer's included
    assert np.isclose(float(model.optimizer.momentum), 0.9) and np.isclose(
        float(model.optimizer.learning_rate), 0.05
    )


# ----------------------------------------------------------------------------- bad input

BAD = [
    ({"learning_rate": 0}, ValueError, "learning_rate"),
    ({"learning_rate": "fast"}, TypeError, "learning_rate"),
    ({"hidden": [4, 0]}, ValueError, "hidden"),
    ({"hidden": 0}, ValueError, "hidden"),
    ({"hidden": [2] * 7}, ValueError, "hidden"),
    ({"hidden": [40]}, ValueError, "hidden"),
    ({"dataset": "moons"}, ValueError, "dataset"),
    ({"dataset": "xor", "classes": 3}, ValueError, "classes"),
    ({"digits": [3, 3]}, ValueError, "digits"),
    ({"dataset": "mnist", "samples": 1200}, ValueError, "samples"),
    ({"features": []}, ValueError, "features"),
    ({"features": ["x3"]}, ValueError, "feature"),
    ({"activation": "swish"}, ValueError, "activation"),
    ({"optimizer": "adagrad"}, ValueError, "optimizer"),
    ({"noise": -0.1}, ValueError, "noise"),
    ({"train_ratio": 1.0}, ValueError, "train_ratio"),
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"steps_per_frame": 2.5}, TypeError, "steps_per_frame"),
    ({"seed": -1}, ValueError, "seed"),
    ({"l2": "a lot"}, TypeError, "l2"),
    ({"learn_rate": 0.1}, TypeError, "learning_rate"),  # the suggestion names the right setting
    ({"points": np.zeros((6, 3)), "labels": [0, 1] * 3}, ValueError, "points"),
    ({"points": [[0, 0], [1, np.nan], [2, 2], [3, 3]], "labels": [0, 1, 0, 1]}, ValueError, "NaN"),
    ({"points": np.zeros((4, 2)), "labels": [0, 1, 0]}, ValueError, "labels"),
    ({"points": np.zeros((12, 2)), "labels": np.arange(12)}, ValueError, "colours"),
    ({"points": np.zeros((4, 2)), "labels": [0, 0, 0, 0]}, ValueError, "two classes"),
    ({"dataset": "user"}, ValueError, "points"),
]


@pytest.mark.parametrize(("settings", "error", "word"), BAD, ids=[str(row[0])[:40] for row in BAD])
def test_bad_settings_raise_a_clear_error_with_the_fix(settings, error, word):
    with pytest.raises(error) as caught:
        make_config(**settings)
    message = str(caught.value)
    assert message.startswith("playground: ") and "Fix:" in message and word in message, message
    for call in (lambda: run(steps=1, **settings), lambda: export_code(**settings)):
        with pytest.raises(error, match=re.escape(message)):
            call()


@pytest.mark.parametrize(
    ("settings", "error", "word"), BAD[:6] + BAD[-5:], ids=[str(r[0])[:40] for r in BAD[:6] + BAD[-5:]]
)
def test_the_widget_shows_the_same_sentence_and_stays_alive(settings, error, word):
    with pytest.raises(error) as caught:
        make_config(**settings)
    playground = Playground(**settings)
    assert playground.status == str(caught.value)
    playground.buttons["Step"].click()  # the default setup it fell back to still trains
    assert STATUS.search(playground.status) and playground.step == playground.config.steps_per_frame


def test_config_of_the_wrong_kind_or_bad_json():
    with pytest.raises(TypeError, match="config must be a dict, a JSON string"):
        make_config(42)
    with pytest.raises(ValueError, match="not valid JSON.*Fix"):
        make_config("{dataset: xor}")
    with pytest.raises(ValueError, match="JSON object"):
        make_config("[1, 2]")
    with pytest.raises(TypeError, match="steps"):
        run(steps="10")


# ----------------------------------------------------------------------------- training


def test_same_seed_and_config_give_the_same_numbers():
    settings = {"dataset": "spirals", "hidden": [6, 6], "samples": 80, "steps_per_frame": 25}
    first, second = run(settings, steps=100), run(settings, steps=100)
    assert first.history == second.history
    assert np.array_equal(first.snapshot.probabilities, second.snapshot.probabilities)
    assert run(settings, steps=100, seed=1).history != first.history


@pytest.mark.parametrize(
    "settings",
    [
        {"dataset": "xor", "hidden": [4], "features": ["x1", "x2"]},
        {"dataset": "circles", "hidden": [4]},
    ],
    ids=["xor", "circles"],
)
def test_headless_runs_learn(settings):
    result = run(settings, samples=200, steps=400, steps_per_frame=50)
    train = result.history["train_loss"]
    assert result.history["step"] == list(range(0, 401, 50))
    assert result.train_loss < 0.3 < train[0] and result.test_loss < 0.4
    assert (result.train_loss, result.test_loss) == (train[-1], result.history["test_loss"][-1])


def test_the_figure_draws_the_three_views():
    result = run(dataset="spirals", classes=3, hidden=[4, 3], samples=60, steps=20)
    figure = result.figure()
    units, regions, losses = figure.axes
    assert [ax.get_title() for ax in figure.axes] == ["what each unit computes", "decision regions", "loss"]
    mosaic = units.get_images()[0].get_array()
    assert mosaic.shape[0] >= 4 * 40 and mosaic.shape[1] == 3 * 40 + 2 * 6  # inputs, 4 and 3 units
    image = regions.get_images()[0].get_array()  # the 40x40 grid, 4 times finer for a thin boundary
    assert image.shape == (39 * 4 + 1, 39 * 4 + 1, 3)
    assert (image == 0.25).all(axis=-1).any()  # three classes: the boundary between them is drawn
    assert [line.get_label() for line in losses.lines] == ["train", "test"]
    assert len(losses.lines[0].get_xdata()) == len(result.history["step"])


# ----------------------------------------------------------------------------- the widget


def test_widget_dom_contract():
    playground = Playground(**SMALL)
    assert {button.description for button in playground.buttons.values()} == {
        "Play",
        "Step",
        "Reset",
        "Export code",
    }
    assert "nnkit-playground" in playground.widget._dom_classes
    assert "nnkit-playground-status" in playground._status._dom_classes
    assert "nnkit-playground-figure" in playground._image._dom_classes
    assert playground._image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert STATUS.search(playground.status).group(1) == "0"
    bundle = playground._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_step_trains_one_frame_and_redraws():
    playground = Playground(**SMALL, steps_per_frame=7)
    before = playground._image.value
    playground.buttons["Step"].click()
    playground.buttons["Step"].click()
    step, train, test = STATUS.search(playground.status).groups()
    assert step == "14" and float(train) == round(playground._trainer.history["train_loss"][-1], 4)
    assert playground._image.value != before


def test_changing_a_control_resets_the_network_and_the_frame_size_does_not():
    playground = Playground(**SMALL)
    playground.buttons["Step"].click()
    playground.controls["steps_per_frame"].value = 4
    assert playground.step == 10 and playground.config.steps_per_frame == 4
    playground.controls["hidden"].value = "5, 2"
    assert playground.step == 0 and [layer.units for layer in playground._trainer.model.layers] == [5, 2, 1]
    playground.feature_buttons["x1*x2"].value = True
    assert playground.config.features == ("x1", "x2", "x1*x2")
    assert playground._trainer.model.input_shape == (None, 3)
    playground.controls["dataset"].value = "spirals"
    assert playground._trainer.data.classes == 2 and playground.config.dataset == "spirals"


def test_a_bad_control_shows_the_message_blocks_training_until_fixed():
    playground = Playground(**SMALL)
    playground.controls["learning_rate"].value = "0"
    with pytest.raises(ValueError) as caught:
        make_config(learning_rate=0)
    assert playground.status == str(caught.value)
    playground.buttons["Step"].click()
    assert playground.step == 0 and playground.status == str(caught.value)
    playground.controls["hidden"].value = "4, x"  # a second mistake: its own message
    assert "hidden" in playground.status and "Fix:" in playground.status
    playground.controls["hidden"].value = "3"
    playground.controls["learning_rate"].value = "0.1"
    playground.buttons["Step"].click()
    assert STATUS.search(playground.status).group(1) == "10"
    assert playground.config.learning_rate == 0.1


def test_the_users_points_survive_a_switch_to_another_data_set_and_back():
    x = np.random.default_rng(0).normal(size=(40, 2))
    playground = Playground(points=x, labels=(x[:, 0] > 0).astype(int), hidden=[3])
    assert "user" in playground.controls["dataset"].options
    playground.controls["dataset"].value = "xor"
    assert playground.config.points is None and playground._trainer.data.x_train.shape == (150, 2)
    playground.controls["dataset"].value = "user"
    assert playground.config.dataset == "user" and len(playground.config.points) == 40
    assert "user" not in Playground(**SMALL).controls["dataset"].options


def test_reset_starts_again_from_the_same_weights():
    playground = Playground(**SMALL)
    playground.buttons["Step"].click()
    first = playground.status
    playground.buttons["Reset"].click()
    assert playground.step == 0
    playground.buttons["Step"].click()
    assert playground.status == first


def test_export_button_shows_the_code_of_the_steps_made():
    playground = Playground(**SMALL)
    playground.buttons["Step"].click()
    playground.buttons["Export code"].click()
    assert playground._code.value == playground.code() and "STEPS = 10" in playground.code()
    assert playground._code.layout.display is None


def test_play_runs_on_the_event_loop_and_pause_stops_it():
    async def play_then_pause():
        playground = Playground(**SMALL, steps_per_frame=5)
        playground.buttons["Play"].click()
        assert playground.buttons["Play"].description == "Pause"
        while playground.step < 20:  # frames run while this coroutine waits: the loop is free
            await asyncio.sleep(0.01)
        playground.buttons["Play"].click()
        await asyncio.sleep(0.1)
        stopped = playground.step
        await asyncio.sleep(0.1)
        return playground, stopped

    playground, stopped = asyncio.run(play_then_pause())
    assert playground.step == stopped and playground.buttons["Play"].description == "Play"
    assert STATUS.search(playground.status).group(1) == str(stopped)


def test_play_without_an_event_loop_says_what_to_do():
    playground = Playground(**SMALL)
    playground.buttons["Play"].click()
    assert "event loop" in playground.status and "Fix:" in playground.status
    assert playground.buttons["Play"].description == "Play"


# ----------------------------------------------------------------------------- export

EXPORTED = {
    "xor, SGD, x1*x2": (
        {
            "dataset": "xor",
            "hidden": [4],
            "features": ["x1", "x2", "x1*x2"],
            "optimizer": "sgd",
            "learning_rate": 0.1,
        },
        200,
    ),
    "3 spirals, momentum, L2, relu": (
        {
            "dataset": "spirals",
            "classes": 3,
            "hidden": [8, 8],
            "l2": 0.001,
            "optimizer": "momentum",
            "learning_rate": 0.01,
            "activation": "relu",
        },
        300,
    ),
    "MNIST 3-5-8, RMSProp, L1": (
        {
            "dataset": "mnist",
            "digits": [3, 5, 8],
            "samples": 200,
            "optimizer": "rmsprop",
            "l1": 0.001,
            "batch_size": 16,
            "features": ["x1", "x2", "sin(x1)"],
        },
        150,
    ),
}


def test_exported_code_of_three_setups_reproduces_the_final_loss(tmp_path: Path):
    runs, scripts = {}, {}
    for name, (settings, steps) in EXPORTED.items():
        runs[name] = run(settings, steps=steps)
        code = export_code(settings, steps=steps)
        assert not re.search(r"^(import|from) nnkit", code, re.MULTILINE)  # standalone
        assert code == runs[name].code()
        scripts[name] = tmp_path / f"{len(scripts)}.py"
        scripts[name].write_text(code)
    processes = {  # in parallel: each pays for importing TensorFlow
        name: subprocess.Popen(
            [sys.executable, str(script)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        for name, script in scripts.items()
    }
    for name, process in processes.items():
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-2000:]
        found = re.search(r"train loss (\S+), test loss (\S+)", out)
        assert found, out
        train, test = map(float, found.groups())
        assert train == pytest.approx(runs[name].train_loss, rel=0.01), name
        assert test == pytest.approx(runs[name].test_loss, rel=0.01), name


def test_the_digits_field_shows_only_for_mnist():
    playground = Playground(**SMALL)
    digits = playground.controls["digits"]
    assert playground.config.dataset != "mnist" and digits.layout.display == "none"
    assert playground.controls["samples"].layout.display is None  # the other fields stay
    playground.controls["dataset"].value = "mnist"
    assert digits.layout.display is None
    playground.controls["dataset"].value = "circles"
    assert digits.layout.display == "none"


def test_the_widget_reads_as_one_line_where_widgets_cannot_show():
    bundle = Playground(**SMALL)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("nnkit playground: ") and "\n" not in bundle["text/plain"]
