"""Shared code for the deep-learning course notebooks.

A notebook starts with ``import utils`` and ``session = utils.start()``. The public names:

* configuration (:mod:`utils.config`): ``start``, ``tier``, ``device``, ``seed_everything``;
* data (:mod:`utils.data`): ``load_mnist``, ``mnist_3_7_path``, ``load_house_prices``,
  ``load_tabular_binary``, ``load_bbc_news``, ``load_text_classification``, ``load_movielens``, ``load_human_numbers``, ``load_image_classes``,
  ``load_dataset``, ``data_dir``;
* pretrained networks (:mod:`utils.pretrained`): ``load_minilm``, ``minilm_path``,
  ``load_efficientnet_lite0``, ``imagenet_classes``;
* training (:mod:`utils.training`): ``fit``, ``accuracy`` (the loop chapter 04 teaches);
* plots (:mod:`utils.plotting`): ``show_images``, ``plot_history``;
* exercise checks (:mod:`utils.checks`): ``check``, ``check_close``, ``same``, ``relative_error``,
  with reference solutions in :mod:`utils.solutions`.
"""
from . import config  # noqa: F401  (first: prepares torch and TensorFlow to share a process)
from . import solutions
from .checks import CheckResult, check, check_close, relative_error, same
from .config import TIERS, Session, device, seed_everything, start, tier
from .data import (DATASETS, ChecksumError, Digits, DownloadError, HumanNumbers, Ratings, Table, TextClasses,
                   data_dir, load_bbc_news, load_dataset, load_house_prices, load_human_numbers, load_mnist,
                   load_movielens, load_tabular_binary, load_text_classification, mnist_3_7_path,
                   number_to_words)
from .data import ImageClasses, load_image_classes  # chapter 09
from .data import load_sale_prices  # chapter 20
from .data import ImageTable, labelled_images_path, load_image_points, load_multi_label_images  # chapter 08
from .plotting import plot_history, set_style, show_images
from .pretrained import imagenet_classes, load_efficientnet_lite0, load_minilm, minilm_path
from .training import accuracy, fit

__all__ = [
    "CheckResult", "ChecksumError", "DATASETS", "Digits", "DownloadError", "HumanNumbers", "ImageClasses", "Ratings",
    "Session", "TIERS", "Table", "TextClasses", "accuracy", "check", "check_close", "data_dir",
    "device", "fit", "imagenet_classes", "load_bbc_news", "load_dataset", "load_efficientnet_lite0",
    "load_house_prices", "load_human_numbers", "load_image_classes", "load_minilm", "load_mnist", "load_movielens", "load_sale_prices",
    "load_tabular_binary", "load_text_classification", "minilm_path", "mnist_3_7_path", "number_to_words", "plot_history",
    "relative_error", "same", "seed_everything", "set_style", "show_images", "solutions", "start",
    "tier",
    "ImageTable", "labelled_images_path", "load_image_points", "load_multi_label_images",  # chapter 08
]
