import keras
import numpy as np
import pytest

import nnkit
from nnkit.models import STEPS_PER_EXECUTION


def output_and_loss(model):
    return model.layers[-1].activation.__name__, type(model.loss).__name__


@pytest.mark.parametrize(
    ("task", "activation", "loss"),
    [
        ("regression", "linear", "MeanSquaredError"),
        ("positive_regression", "relu", "MeanSquaredError"),
        ("binary", "sigmoid", "BinaryCrossentropy"),
        ("multiclass", "softmax", "SparseCategoricalCrossentropy"),
        ("multilabel", "sigmoid", "BinaryCrossentropy"),
    ],
)
def test_task_picks_output_activation_and_loss_as_deck_001(task, activation, loss):
    model = nnkit.dense_model([8, 3], input_dim=4, task=task)
    assert output_and_loss(model) == (activation, loss)
    assert [layer.units for layer in model.layers] == [8, 3]
    assert model.layers[0].activation.__name__ == "relu"
    assert model.loss.get_config().get("from_logits", False) is False


@pytest.mark.parametrize("task", ["binary", "multiclass", "multilabel"])
def test_from_logits_gives_linear_output_and_logit_loss(task):
    model = nnkit.dense_model([5, 3], input_dim=2, task=task, from_logits=True, hidden="tanh")
    assert model.layers[-1].activation.__name__ == "linear"
    assert model.layers[0].activation.__name__ == "tanh"
    assert model.loss.get_config()["from_logits"] is True


def test_optimizer_default_is_keras_default_rmsprop():
    model = nnkit.dense_model([2], input_dim=2, task="multiclass")
    plain = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="softmax")])
    plain.compile(loss="sparse_categorical_crossentropy")
    assert type(model.optimizer) is type(plain.optimizer) is keras.optimizers.RMSprop
    assert float(model.optimizer.learning_rate) == float(plain.optimizer.learning_rate)


@pytest.mark.parametrize(
    ("optimizer", "learning_rate", "expected", "rate"),
    [
        ("sgd", None, keras.optimizers.SGD, 0.01),
        ("Adam", 0.05, keras.optimizers.Adam, 0.05),
        ("rmsprop", 0.2, keras.optimizers.RMSprop, 0.2),
        (None, 0.3, keras.optimizers.RMSprop, 0.3),
    ],
)
def test_optimizer_names_and_learning_rate(optimizer, learning_rate, expected, rate):
    model = nnkit.dense_model(
        [1], input_dim=2, task="binary", optimizer=optimizer, learning_rate=learning_rate
    )
    assert type(model.optimizer) is expected
    assert np.isclose(float(model.optimizer.learning_rate), rate)


def test_optimizer_instance_is_used_as_given():
    adam = keras.optimizers.Adam(learning_rate=0.123)
    model = nnkit.dense_model([1], input_dim=2, task="binary", optimizer=adam, metrics=["accuracy"])
    assert model.optimizer is adam
    assert model.get_compile_config()["metrics"] == ["accuracy"]


EXPECTED_SLIDE_MODELS = {
    "sigmoid_binary": ([(30, "sigmoid"), (15, "sigmoid"), (2, "sigmoid")], "BinaryCrossentropy", False),
    "softmax": ([(25, "relu"), (15, "relu"), (10, "softmax")], "SparseCategoricalCrossentropy", False),
    "softmax_from_logits": (
        [(25, "relu"), (15, "relu"), (10, "linear")],
        "SparseCategoricalCrossentropy",
        True,
    ),
    "adam_from_logits": (
        [(25, "sigmoid"), (15, "sigmoid"), (10, "linear")],
        "SparseCategoricalCrossentropy",
        True,
    ),
}


@pytest.mark.parametrize("name", list(EXPECTED_SLIDE_MODELS))
def test_slide_models_are_built_as_the_slides_write_them(name):
    layers, loss, from_logits = EXPECTED_SLIDE_MODELS[name]
    model = nnkit.slide_model(name)
    assert [(layer.units, layer.activation.__name__) for layer in model.layers] == layers
    assert type(model.loss).__name__ == loss
    assert model.loss.get_config()["from_logits"] is from_logits
    expected_optimizer = keras.optimizers.Adam if name == "adam_from_logits" else keras.optimizers.RMSprop
    assert type(model.optimizer) is expected_optimizer
    assert np.isclose(float(model.optimizer.learning_rate), 1e-3)
    assert not model.built  # the slides give no input shape: Keras builds on the first fit
    assert nnkit.slide_model(name, input_dim=784).layers[0].kernel.shape == (784, layers[0][0])


def test_unknown_slide_model_lists_the_known_ones():
    with pytest.raises(
        ValueError, match="'sigmoid_binary', 'softmax', 'softmax_from_logits', 'adam_from_logits'"
    ):
        nnkit.slide_model("softmax_logits")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"units": [3], "task": "classification"}, ValueError, r"task='classification'.*'multiclass'"),
        ({"units": [], "task": "binary"}, ValueError, r"units=\[\].*units=\[1\]"),
        ({"units": 10, "task": "binary"}, TypeError, r"units=10.*units=\[25, 15, 10\]"),
        ({"units": [4, 0, 1], "task": "binary"}, ValueError, r"units=\[4, 0, 1\]"),
        ({"units": [4, -3], "task": "binary"}, ValueError, r"units=\[4, -3\]"),
        ({"units": [4, 2.5], "task": "binary"}, ValueError, "positive whole number"),
        ({"units": [1], "task": "multiclass"}, ValueError, "at least 2 output units"),
        (
            {"units": [1], "task": "regression", "from_logits": True},
            ValueError,
            "only applies to classifiers",
        ),
        ({"units": [1], "task": "binary", "optimizer": "adagrad"}, ValueError, r"optimizer='adagrad'.*'sgd'"),
        ({"units": [1], "task": "binary", "optimizer": 3}, ValueError, "optimizer=3"),
        ({"units": [1], "task": "binary", "learning_rate": -1.0}, ValueError, "learning_rate=-1.0"),
        (
            {"units": [1], "task": "binary", "optimizer": keras.optimizers.SGD(), "learning_rate": 0.1},
            ValueError,
            "set the rate on the instance",
        ),
        ({"units": [1], "task": "binary", "hidden": "relux"}, ValueError, "hidden='relux'"),
        ({"units": [1], "task": "binary", "input_dim": 0}, ValueError, "input_dim=0"),
        ({"units": [1], "task": "binary", "metrics": "accuracy"}, TypeError, r"metrics=\['accuracy'\]"),
    ],
)
def test_bad_arguments_get_clear_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        nnkit.dense_model(**kwargs)


def test_fast_default_changes_speed_not_results():
    """nnkit compiles with steps_per_execution > 1: the same updates, so the same losses."""
    x, y = nnkit.datasets.spirals(256, seed=1)

    def train(steps_per_execution):
        keras.utils.set_random_seed(0)
        model = keras.Sequential(
            [keras.Input((2,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(2)]
        )
        model.compile(
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            steps_per_execution=steps_per_execution,
        )
        history = model.fit(x, y, epochs=3, batch_size=16, verbose=0)
        return history.history["loss"], model.get_weights()

    plain_losses, plain_weights = train(1)
    fast_losses, fast_weights = train(STEPS_PER_EXECUTION)
    assert STEPS_PER_EXECUTION > 1
    assert plain_losses == fast_losses
    for plain, fast in zip(plain_weights, fast_weights, strict=True):
        np.testing.assert_array_equal(plain, fast)


def test_models_train_and_save_as_normal_keras_files(tmp_path):
    x, y = nnkit.datasets.blobs(64, seed=0)
    model = nnkit.dense_model([8, 2], input_dim=2, task="multiclass", from_logits=True, optimizer="adam")
    model.fit(x, y, epochs=2, verbose=0)
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    assert type(loaded) is keras.Sequential
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)
    assert loaded.loss.get_config()["from_logits"] is True
    # checks come back with one call
    loaded = nnkit.with_input_checks(loaded)
    with pytest.raises(ValueError, match="features per sample"):
        loaded.predict(np.zeros((2, 3)))
