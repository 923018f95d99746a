"""keras_code writes source that rebuilds the same architecture and compile configuration."""

import keras
import pytest

import nnkit
from nnkit.prototyping import prototype_script

_IDENTITY = {"name"}


def architecture(model):
    layers = []
    for layer in model.get_config()["layers"]:
        config = {key: value for key, value in layer["config"].items() if key not in _IDENTITY}
        layers.append((layer["class_name"], config))
    return layers


def compile_settings(model):
    config = model.get_compile_config()
    for key in ("optimizer", "loss"):
        config[key] = {
            **config[key],
            "config": {k: v for k, v in config[key]["config"].items() if k != "name"},
        }
    return config


def rebuild(source):
    namespace = {}
    exec(source, namespace)  # the point of the test: the printed code runs as it is
    return namespace["model"]


MODELS = {
    **{name: (lambda name=name: nnkit.slide_model(name)) for name in nnkit.SLIDE_MODELS},
    "slide_with_input": lambda: nnkit.slide_model("adam_from_logits", input_dim=784),
    "regression": lambda: nnkit.dense_model([16, 1], input_dim=1, task="regression", hidden="tanh"),
    "multilabel": lambda: nnkit.dense_model(
        [8, 3], input_dim=784, task="multilabel", metrics=["binary_accuracy"]
    ),
    "sgd": lambda: nnkit.dense_model(
        [4, 2], input_dim=2, task="multiclass", from_logits=True, optimizer="sgd"
    ),
    "adam_rate": lambda: nnkit.dense_model(
        [1], input_dim=2, task="binary", optimizer="adam", learning_rate=0.05
    ),
}


@pytest.mark.parametrize("name", list(MODELS))
def test_code_rebuilds_the_same_model(name):
    model = MODELS[name]()
    source = nnkit.keras_code(model)
    rebuilt = rebuild(source)
    assert architecture(rebuilt) == architecture(model)
    assert compile_settings(rebuilt) == compile_settings(model)


def test_code_reads_like_the_slides():
    source = nnkit.keras_code(nnkit.slide_model("adam_from_logits"))
    assert "keras.layers.Dense(25, activation='sigmoid')" in source
    assert "keras.layers.Dense(10, activation='linear')" in source
    assert "optimizer=keras.optimizers.Adam(learning_rate=0.001)" in source
    assert "loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)" in source
    # compiled without an optimizer, like the slide: Keras's default RMSprop is not written
    assert "optimizer" not in nnkit.keras_code(nnkit.slide_model("softmax"))


def test_code_rejects_models_it_cannot_write():
    with pytest.raises(TypeError, match="keras.Sequential"):
        nnkit.keras_code(keras.Model())
    conv = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3)])
    with pytest.raises(TypeError, match="Dense layers only"):
        nnkit.keras_code(conv)
    custom = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    with pytest.raises(TypeError, match="kernel_initializer"):
        nnkit.keras_code(custom)


def test_code_writes_a_prototype_networks_output_layers():
    """A prototype's regression network ends in an inverted Normalization (and a ReLU to stay >= 0)."""
    model = keras.Sequential(
        [
            keras.Input((3,)),
            keras.layers.Dense(4, activation="relu"),
            keras.layers.Dense(1),
            keras.layers.Normalization(axis=None, invert=True),
            keras.layers.ReLU(),
        ]
    )
    source = nnkit.keras_code(model)
    assert "    keras.layers.Normalization(axis=None, invert=True),\n    keras.layers.ReLU(),\n" in source
    assert architecture(rebuild(source)) == architecture(model)


def test_prototype_script_takes_a_prototype_run_only():
    with pytest.raises(
        TypeError, match=r"run must be what nnkit.prototype returned. Received: Sequential\..*Fix"
    ):
        prototype_script(nnkit.dense_model([1], input_dim=2, task="binary"))
