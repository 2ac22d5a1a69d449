"""Shared code for the deep-learning course notebooks.

A notebook starts with ``import utils`` and ``session = utils.start()``. The public names, by module:

* :mod:`utils.config`: ``start``, ``Session``, ``tier``, ``TIERS``, ``device``, ``seed_everything``;
* :mod:`utils.data`: one loader per data set (``load_mnist``, ``mnist_3_7_path``, ``load_house_prices``,
  ``load_tabular_binary``, ``load_sale_prices``, ``load_bbc_news``, ``load_text_classification``,
  ``load_movielens``, ``load_human_numbers``, ``load_translation_pairs``, ``load_image_classes``,
  ``labelled_images_path``, ``load_multi_label_images``, ``load_image_points``, ``load_weather``,
  ``load_photos``), what they return
  (``Digits``, ``Table``, ``TextClasses``, ``Ratings``, ``HumanNumbers``, ``TranslationPairs``,
  ``ImageClasses``, ``ImageTable``, ``Weather``, ``Photos``), and ``DATASETS``,
  ``load_dataset``, ``data_dir``, ``number_to_words``, ``ChecksumError``, ``DownloadError``;
* :mod:`utils.pretrained`: ``load_minilm``, ``minilm_path``, ``load_efficientnet_lite0``, ``imagenet_classes``;
* :mod:`utils.training`: ``fit``, ``accuracy``;
* :mod:`utils.plotting`: ``show_images``, ``plot_history``, ``set_style``;
* :mod:`utils.checks`: ``check``, ``check_close``, ``same``, ``relative_error``, ``CheckResult``;
* :mod:`utils.solutions`: the exercises' reference solutions, one module per chapter.
"""
from . import config  # noqa: F401  (first: prepares torch and TensorFlow to share a process)
from .config import TIERS, Session, device, seed_everything, start, tier
from .data import (DATASETS, ChecksumError, Digits, DownloadError, HumanNumbers, ImageClasses, ImageTable,
                   Ratings, Table, TextClasses, data_dir, labelled_images_path, load_bbc_news, load_dataset,
                   load_house_prices, load_human_numbers, load_image_classes, load_image_points, load_mnist,
                   load_movielens, load_multi_label_images, load_sale_prices, load_tabular_binary,
                   load_text_classification, load_translation_pairs, mnist_3_7_path, number_to_words,
                   TranslationPairs, Weather, load_weather, Photos, load_photos)
from .pretrained import imagenet_classes, load_efficientnet_lite0, load_minilm, minilm_path
from .training import accuracy, fit
from .plotting import plot_history, set_style, show_images
from .checks import CheckResult, check, check_close, relative_error, same
from . import solutions  # noqa: E402  (after checks: the chapters register their exercises with it)

__all__ = [
    # config
    "Session", "TIERS", "device", "seed_everything", "start", "tier",
    # data
    "DATASETS", "ChecksumError", "Digits", "DownloadError", "HumanNumbers", "ImageClasses", "ImageTable",
    "Ratings", "Table", "TextClasses", "data_dir", "labelled_images_path", "load_bbc_news", "load_dataset",
    "load_house_prices", "load_human_numbers", "load_image_classes", "load_image_points", "load_mnist",
    "load_movielens", "load_multi_label_images", "load_sale_prices", "load_tabular_binary",
    "load_text_classification", "load_translation_pairs", "mnist_3_7_path", "number_to_words",
    "TranslationPairs", "Weather", "load_weather", "Photos", "load_photos",
    # pretrained
    "imagenet_classes", "load_efficientnet_lite0", "load_minilm", "minilm_path",
    # training
    "accuracy", "fit",
    # plotting
    "plot_history", "set_style", "show_images",
    # checks
    "CheckResult", "check", "check_close", "relative_error", "same",
    # solutions
    "solutions",
]
