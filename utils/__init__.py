"""Shared code for the deep-learning course notebooks.

A notebook starts with ``import utils`` and ``session = utils.start()``. The public names:

* configuration (:mod:`utils.config`): ``start``, ``tier``, ``device``, ``seed_everything``;
* data (:mod:`utils.data`): ``load_mnist``, ``mnist_3_7_path``, ``load_dataset``, ``data_dir``;
* plots (:mod:`utils.plotting`): ``show_images``, ``plot_history``;
* exercise checks (:mod:`utils.checks`): ``check``, ``check_close``, ``same``, ``relative_error``,
  with reference solutions in :mod:`utils.solutions`.
"""
from . import config  # noqa: F401  (first: prepares torch and TensorFlow to share a process)
from . import solutions
from .checks import CheckResult, check, check_close, relative_error, same
from .config import TIERS, Session, device, seed_everything, start, tier
from .data import DATASETS, ChecksumError, Digits, DownloadError, data_dir, load_dataset, load_mnist, mnist_3_7_path
from .plotting import plot_history, set_style, show_images

__all__ = [
    "CheckResult", "ChecksumError", "DATASETS", "Digits", "DownloadError", "Session", "TIERS",
    "check", "check_close", "data_dir", "device", "load_dataset", "load_mnist", "mnist_3_7_path",
    "plot_history", "relative_error", "same", "seed_everything", "set_style", "show_images",
    "solutions", "start", "tier",
]
