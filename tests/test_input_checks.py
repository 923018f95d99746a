"""Bad input reaches a clear Python error before TensorFlow: via nnkit, and via model.fit/evaluate/predict."""

import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

import nnkit

X = np.random.default_rng(0).normal(size=(12, 4)).astype("float32")
Y_CLASSES = np.arange(12) % 3


def multiclass():
    return nnkit.dense_model([6, 3], input_dim=4, task="multiclass")


def call(model, method, x, y=None):
    if method == "predict":
        return model.predict(x, verbose=0)
    if method == "predict_proba":
        return nnkit.predict_proba(model, x)
    if method == "evaluate":
        return model.evaluate(x, y, verbose=0)
    return model.fit(x, y, epochs=1, verbose=0)


@pytest.mark.parametrize("method", ["fit", "evaluate", "predict", "predict_proba"])
def test_x_with_the_wrong_width(method):
    with pytest.raises(
        ValueError, match=r"x has 3 features per sample but the model expects 4.*x.shape=\(12, 3\)"
    ):
        call(multiclass(), method, X[:, :3], Y_CLASSES)


@pytest.mark.parametrize("method", ["fit", "evaluate", "predict", "predict_proba"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_x_with_nan_or_infinity(method, bad):
    x = X.copy()
    x[5, 2] = bad
    with pytest.raises(ValueError, match=r"x contains 1 NaN or infinite values \(the first in row 5\)"):
        call(multiclass(), method, x, Y_CLASSES)


def test_x_must_be_two_dimensional():
    model = multiclass()
    with pytest.raises(ValueError, match=r"x.reshape\(1, -1\)"):
        model.predict(X[0])
    with pytest.raises(ValueError, match=r"x.reshape\(len\(x\), -1\)"):
        model.predict(np.zeros((2, 2, 2)))


def test_x_of_strings_is_a_type_error():
    with pytest.raises(TypeError, match="x must hold numbers"):
        multiclass().predict([["a", "b", "c", "d"]])


@pytest.mark.parametrize("method", ["fit", "evaluate"])
def test_labels_out_of_range(method):
    with pytest.raises(ValueError, match=r"class indices 0..2 .* Received labels from 1 to 3.*subtract 1"):
        call(multiclass(), method, X, Y_CLASSES + 1)
    with pytest.raises(ValueError, match="from -1 to 1"):
        call(multiclass(), method, X, Y_CLASSES - 1)


def test_labels_must_be_whole_numbers():
    with pytest.raises(ValueError, match="whole numbers"):
        multiclass().fit(X, Y_CLASSES + 0.5, verbose=0)


@pytest.mark.parametrize("method", ["fit", "evaluate"])
def test_one_hot_labels_for_a_sparse_loss(method):
    with pytest.raises(ValueError, match=r"y looks one-hot \(shape \(12, 3\)\).*y.argmax\(axis=1\)"):
        call(multiclass(), method, X, np.eye(3)[Y_CLASSES])


def test_class_indices_for_a_one_hot_loss():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(loss=keras.losses.CategoricalCrossentropy())
    model = nnkit.with_input_checks(model)
    with pytest.raises(ValueError, match=r"y holds class indices.*to_categorical\(y, num_classes=3\)"):
        model.fit(X, Y_CLASSES, verbose=0)
    model.fit(X, np.eye(3)[Y_CLASSES], verbose=0)  # the right form trains


def test_multilabel_labels_with_the_wrong_shape():
    model = nnkit.dense_model([6, 3], input_dim=4, task="multilabel")
    tags = nnkit.datasets.digit_tags(np.arange(12) % 10)
    model.fit(X, tags, epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"3 output units.*shape \(12, 3\).*y.shape=\(12,\)"):
        model.fit(X, Y_CLASSES, verbose=0)
    with pytest.raises(ValueError, match=r"y.shape=\(12, 2\)"):
        model.evaluate(X, tags[:, :2], verbose=0)


def test_binary_targets_outside_zero_one():
    model = nnkit.dense_model([1], input_dim=4, task="binary")
    with pytest.raises(ValueError, match=r"between 0 and 1.*\(y \+ 1\) / 2"):
        model.fit(X, np.where(Y_CLASSES > 0, 1, -1), verbose=0)


def test_regression_target_width():
    model = nnkit.dense_model([4, 1], input_dim=4, task="regression")
    model.fit(X, X[:, 0], epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"1 output units"):
        model.fit(X, X[:, :2], verbose=0)


def test_x_and_y_lengths_must_agree():
    with pytest.raises(ValueError, match="different numbers of samples"):
        multiclass().fit(X, Y_CLASSES[:5], verbose=0)


def test_validation_data_is_checked_too():
    with pytest.raises(ValueError, match=r"validation_data: x has 2 features"):
        multiclass().fit(X, Y_CLASSES, validation_data=(X[:, :2], Y_CLASSES), verbose=0)


def test_keyword_arguments_are_checked():
    with pytest.raises(ValueError, match="features per sample"):
        multiclass().fit(x=X[:, :1], y=Y_CLASSES, verbose=0)


def test_unbuilt_slide_model_checks_width_after_first_fit():
    x = np.random.default_rng(1).random((20, 6)).astype("float32")
    model = nnkit.slide_model("softmax")
    model.fit(x, np.arange(20) % 10, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="expects 6"):
        model.predict(x[:, :5])


def test_datasets_pass_through_to_keras():
    dataset = tf.data.Dataset.from_tensor_slices((X, Y_CLASSES)).batch(4)
    multiclass().fit(dataset, epochs=1, shuffle=False, verbose=0)


def test_good_input_works_and_keeps_keras_signature():
    model = multiclass()
    history = model.fit(X, Y_CLASSES, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.predict(X, verbose=0).shape == (12, 3)
    assert "epochs" in str(__import__("inspect").signature(model.fit))


@pytest.mark.parametrize(
    ("activation", "from_logits", "message"),
    [
        ("softmax", True, "applied twice"),
        ("sigmoid", True, "applied twice"),
        ("linear", False, "from_logits=True"),
    ],
)
def test_output_and_loss_that_disagree_are_warned(activation, from_logits, message):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation=activation)])
    loss_class = (
        keras.losses.BinaryCrossentropy
        if activation == "sigmoid"
        else keras.losses.SparseCategoricalCrossentropy
    )
    model.compile(loss=loss_class(from_logits=from_logits))
    with pytest.warns(UserWarning, match=message):
        nnkit.with_input_checks(model)


def test_consistent_models_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in nnkit.SLIDE_MODELS:
            nnkit.slide_model(name)
        nnkit.dense_model([3], input_dim=2, task="multiclass", from_logits=True)


@pytest.mark.parametrize("loss", ["sparse", "categorical"])
def test_multi_hot_tags_for_a_one_class_loss_point_to_multilabel(loss):
    tags = nnkit.datasets.digit_tags(np.arange(12) % 10)  # 0 to 3 tags per sample
    if loss == "sparse":
        model = multiclass()
    else:
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
        model.compile(loss=keras.losses.CategoricalCrossentropy())
        model = nnkit.with_input_checks(model)
    with pytest.raises(ValueError, match=r"y looks multi-hot \(shape \(12, 3\)\)") as raised:
        model.fit(X, tags, epochs=1, verbose=0)
    message = str(raised.value)
    assert "3 with no label and 5 with several" in message
    assert 'task="multilabel"' in message and "BinaryCrossentropy" in message
    assert "one-hot" not in message and "y = y.argmax" not in message
    nnkit.dense_model([6, 3], input_dim=4, task="multilabel").fit(X, tags, epochs=1, verbose=0)


def test_one_hot_rows_are_still_read_as_one_hot():
    with pytest.raises(ValueError, match="y looks one-hot"):
        multiclass().fit(X, np.eye(3, dtype=bool)[Y_CLASSES], verbose=0)


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"epochs": 0}, r"epochs must be at least 1"),
        ({"epochs": "5"}, r"epochs must be a whole number.*Fix: pass e.g. epochs=5"),
        ({"batch_size": 0}, r"batch_size must be at least 1"),
        ({"validation_split": 20}, r"validation_split is the fraction.*below 1"),
        ({"validation_split": -0.1}, r"validation_split must be at least 0"),
        ({"epochs": 3, "initial_epoch": 3}, r"initial_epoch=3 leaves nothing to train"),
    ],
)
def test_fit_settings_that_keras_would_accept_silently(settings, message):
    with pytest.raises((ValueError, TypeError), match=message):
        multiclass().fit(X, Y_CLASSES, verbose=0, **settings)


def test_fit_accepts_numpy_numbers_and_lists_of_lists():
    model = multiclass()
    history = model.fit(X.tolist(), Y_CLASSES.tolist(), epochs=np.int64(2), batch_size=np.int32(4), verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.predict(X[:2].tolist(), verbose=0).shape == (2, 3)


def test_text_labels_get_a_fix_that_works():
    labels = np.array(["cat", "dog", "bird"] * 4)
    with pytest.raises(TypeError, match=r"np.unique\(y, return_inverse=True\)"):
        multiclass().fit(X, labels, verbose=0)
    classes, y = np.unique(labels, return_inverse=True)
    multiclass().fit(X, y, verbose=0)  # the fix works


@pytest.mark.parametrize("x", [np.zeros((0, 4)), [], [[1.0, 2.0], [3.0]]])
def test_empty_or_ragged_x_is_refused_before_keras(x):
    with pytest.raises(ValueError, match=r"model.predict: x (is empty|has rows of different lengths)"):
        multiclass().predict(x, verbose=0)


def test_a_loaded_model_keeps_its_checks_and_weights(tmp_path):
    model = multiclass()
    model.fit(X, Y_CLASSES, epochs=1, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = nnkit.load_model(tmp_path / "m.keras")
    assert type(loaded) is keras.Sequential
    for before, after in zip(model.get_weights(), loaded.get_weights(), strict=True):
        assert np.array_equal(before, after)
    with pytest.raises(ValueError, match=r"labels must be class indices 0..2"):
        loaded.fit(X, Y_CLASSES + 1, verbose=0)


@pytest.mark.parametrize("path, error", [("missing.keras", FileNotFoundError), ("notes.txt", ValueError)])
def test_load_model_explains_a_wrong_path(tmp_path, path, error):
    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(error, match=r"load_model: .*Fix:"):
        nnkit.load_model(tmp_path / path)


def test_fit_with_validation_data_passes_keras_private_flags_through():
    # Keras's fit calls evaluate(..., _use_cached_eval_dataset=True) on the checked model itself.
    history = multiclass().fit(X, Y_CLASSES, epochs=2, validation_data=(X, Y_CLASSES), verbose=0)
    assert len(history.history["val_loss"]) == 2
