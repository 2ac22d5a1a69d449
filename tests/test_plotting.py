import numpy as np
import pytest
import torch

import utils


def test_show_images_grid_with_labels():
    images = np.zeros((10, 28, 28), dtype=np.uint8)
    fig = utils.show_images(images, labels=list(range(10)), ncols=4, title="digits")
    axes = fig.get_axes()
    assert len(axes) == 12  # 3 rows of 4; the two spare axes stay blank
    assert [ax.get_title() for ax in axes[:10]] == [str(i) for i in range(10)]
    assert fig._suptitle.get_text() == "digits"


def test_show_images_accepts_channel_first_tensors():
    fig = utils.show_images(torch.rand(3, 3, 8, 8), ncols=3)
    assert fig.get_axes()[0].get_images()[0].get_array().shape == (8, 8, 3)


@pytest.mark.parametrize("images, labels, match", [
    ([], None, "at least one image"),
    (np.zeros((2, 4, 4)), ["a"], "2 images but 1 labels"),
    (np.zeros((1, 2, 2, 2, 2)), None, "2 or 3 dimensions"),
])
def test_show_images_bad_input(images, labels, match):
    with pytest.raises(ValueError, match=match):
        utils.show_images(images, labels)


def test_plot_history_splits_losses_and_metrics():
    fig = utils.plot_history({"train_loss": [1.0, 0.5], "valid_loss": [1.1, 0.7], "valid_accuracy": [0.6, 0.8]})
    loss_ax, metric_ax = fig.get_axes()
    assert [l.get_label() for l in loss_ax.get_lines()] == ["train loss", "valid loss"]
    assert [l.get_label() for l in metric_ax.get_lines()] == ["valid accuracy"]
    assert loss_ax.get_xlabel() == "epoch"
    assert (loss_ax.get_ylabel(), metric_ax.get_ylabel()) == ("loss", "accuracy")  # the metric is named


def test_plot_history_names_every_metric_on_its_axis():
    fig = utils.plot_history({"valid_loss": [1.0, 0.9], "valid_accuracy": [0.5, 0.6], "valid_top_5": [0.8, 0.9]})
    assert fig.get_axes()[1].get_ylabel() == "accuracy / top 5"


def test_plot_history_accepts_a_list_of_epochs():
    fig = utils.plot_history([{"train_loss": 1.0}, {"train_loss": 0.5}])
    assert len(fig.get_axes()) == 1
    np.testing.assert_array_equal(fig.get_axes()[0].get_lines()[0].get_ydata(), [1.0, 0.5])


@pytest.mark.parametrize("bad, match", [
    ({}, "non-empty"),
    ({"train_loss": [1.0], "valid_loss": [1.0, 2.0]}, "same, non-zero length"),
    ([1, 2], "one dict per epoch"),
])
def test_plot_history_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        utils.plot_history(bad)


def test_style_is_set_once_for_the_course():
    import matplotlib as mpl

    utils.set_style()
    assert tuple(mpl.rcParams["figure.figsize"]) == utils.plotting.FIGSIZE
    assert mpl.rcParams["axes.grid"]
