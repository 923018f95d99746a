"""Each figure function returns Axes (or a Figure) with the expected parts, headless."""

import matplotlib as mpl
import numpy as np

from nnkit import plots, scratch


def test_style_is_applied():
    mpl.rcParams["axes.grid"] = False
    plots.use_style()
    assert mpl.rcParams["axes.grid"] is True
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][:2] == plots.COLORS["classes"][:2]


def test_curve_with_derivative():
    ax = plots.curve(
        scratch.sigmoid, np.linspace(-5, 5, 11), label="sigmoid", derivative=scratch.sigmoid_derivative
    )
    assert [line.get_label() for line in ax.lines] == ["sigmoid", "sigmoid'"]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), scratch.sigmoid(np.linspace(-5, 5, 11)))
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("z", "g(z)", "sigmoid")
    assert ax.get_legend() is not None


def test_timeline_sorts_events_and_labels_each():
    ax = plots.timeline({1958: "Perceptron", 1943: "McCulloch & Pitts", 2016: "AlphaGo"}, title="History")
    assert [text.get_text().split("\n")[0] for text in ax.texts] == ["1943", "1958", "2016"]
    assert ax.get_title() == "History" and ax.get_xlabel() == "year"


def test_decision_boundary_draws_regions_boundary_and_points():
    x = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
    y = np.array([0, 1, 0, 1])
    ax = plots.decision_boundary(
        lambda g: scratch.sigmoid(3 * g[:, 0]), x, y, title="boundary", resolution=20
    )
    labels = [collection.get_label() for collection in ax.collections]
    assert "class 0" in labels and "class 1" in labels
    assert len(ax.collections) >= 4  # filled regions, the 0.5 line, two scatters
    assert ax.get_title() == "boundary"


def test_image_grid_shows_each_image_with_its_title():
    fig = plots.image_grid(np.zeros((12, 784)), titles=[str(i) for i in range(12)], ncols=5, title="digits")
    assert len(fig.axes) == 12
    assert fig.axes[11].get_title() == "11"
    assert fig.axes[0].images[0].get_array().shape == (28, 28)
    assert not fig.axes[0].axison  # no frame around a digit


def test_training_curves_one_line_per_run():
    ax = plots.training_curves({"softmax": {"loss": [2.0, 1.0, 0.5]}, "logits": {"loss": [1.9, 0.9, 0.4]}})
    assert [line.get_label() for line in ax.lines] == ["softmax", "logits"]
    assert list(ax.lines[1].get_xdata()) == [1, 2, 3]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"


def test_training_curves_accept_a_keras_history():
    import keras

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(loss="mse")
    history = model.fit(np.ones((4, 2)), np.ones(4), epochs=3, verbose=0)
    ax = plots.training_curves({"fit": history})
    np.testing.assert_allclose(ax.lines[0].get_ydata(), history.history["loss"])


def test_signed_image_grid_centres_the_colour_scale_on_zero():
    weights = np.linspace(-2.0, 1.0, 2 * 784).reshape(2, 784)
    fig = plots.image_grid(weights, titles=["w0", "w1"], signed=True)
    image = fig.axes[0].images[0]
    assert image.get_clim() == (-2.0, 2.0) and image.get_cmap().name == "RdBu_r"


def test_misclassified_shows_only_wrong_predictions():
    fig = plots.misclassified(np.zeros((5, 784)), [0, 1, 2, 3, 4], [0, 7, 2, 9, 4])
    assert [ax.get_title() for ax in fig.axes] == ["1 -> 7", "3 -> 9"]
    assert "2 misclassified" in fig._suptitle.get_text()
    with __import__("pytest").raises(ValueError, match="every prediction is right"):
        plots.misclassified(np.zeros((2, 784)), [0, 1], [0, 1])


def test_confusion_matrix_plot_writes_every_count():
    matrix = np.array([[3, 1, 0], [0, 2, 0], [1, 0, 4]])
    ax = plots.confusion_matrix(matrix, labels=["a", "b", "c"])
    assert [text.get_text() for text in ax.texts] == [str(v) for v in matrix.ravel()]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted class", "true class")
    assert [label.get_text() for label in ax.get_xticklabels()] == ["a", "b", "c"]


def test_descent_paths():
    ax = plots.descent_path_1d(lambda w: w**2, [2.0, 1.2, 0.7], title="1-D")
    np.testing.assert_allclose(ax.lines[1].get_xdata(), [2.0, 1.2, 0.7])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [4.0, 1.44, 0.49])
    paths = {"a": np.array([[1.0, 1.0], [0.5, 0.5]]), "b": np.array([[-1.0, 1.0], [0.0, 0.0]])}
    ax = plots.descent_paths_2d(lambda u, v: u**2 + v**2, paths, title="2-D")
    assert [line.get_label() for line in ax.lines] == ["a", "b"]
    assert len(ax.collections) >= 1  # the contour set
    assert ax.get_title() == "2-D" and ax.get_legend() is not None


def test_decision_boundaries_one_panel_per_output():
    x = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    targets = np.array([[0, 1], [1, 0], [0, 1]])
    fig = plots.decision_boundaries(
        lambda g: np.column_stack([g[:, 0], 1 - g[:, 0]]),
        x,
        targets,
        titles=["first", "second"],
        suptitle="both",
    )
    assert [ax.get_title() for ax in fig.axes] == ["first", "second"]
    assert all(len(ax.collections) >= 3 for ax in fig.axes)


def test_computational_graph_draws_arrowheads_outside_the_boxes_and_each_paths_share():
    nodes = {
        "w": (0.0, 1.0, "w", "2", "dJ/dw = 3 + 4", "left"),
        "x": (0.0, -1.0, "x", "5", None),
        "J": (3.0, 0.0, "J = wx", "10", "dJ/dJ = 1"),
    }
    edges = [("w", "J", "∂J/∂w = x", "← 1 × 3 = 3"), ("w", "J", "", "← 4"), ("x", "J", "")]
    ax = plots.computational_graph(nodes, edges, title="a graph")
    texts = {text.get_text(): text for text in ax.texts}
    assert {"w", "J = wx", "2", "10", "dJ/dw = 3 + 4", "∂J/∂w = x", "← 1 × 3 = 3", "← 4"} <= set(texts)
    assert texts["dJ/dw = 3 + 4"].get_color() == plots.COLORS["highlight"]
    assert texts["← 4"].get_color() == plots.COLORS["highlight"]  # each path's share, on its edge
    assert len(ax.patches) == 3 and ax.get_title() == "a graph"
    ax.figure.canvas.draw()
    box = texts["J = wx"].get_bbox_patch().get_window_extent()
    for arrow in ax.patches:
        tips = ax.transData.transform(arrow.get_path().vertices)
        assert not any(box.contains(*tip) for tip in tips), "the arrowhead is drawn, not hidden by the box"
        assert box.x0 - 8 < tips[:, 0].max() < box.x0, "the arrow ends at the target's outline"
