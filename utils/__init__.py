"""Shared code for the deep-learning course notebooks.

A notebook starts with ``import utils`` and ``session = utils.start()``. The public names:

* configuration (:mod:`utils.config`): ``start``, ``tier``, ``device``, ``seed_everything``;
* data (:mod:`utils.data`): ``load_mnist``, ``mnist_3_7_path``, ``load_dataset``, ``data_dir``;
* plots (:mod:`utils.plotting`): ``show_images``, ``plot_history``;
* exercise checks (:mod:`utils.checks`): ``check``, ``check_close``, ``same``, ``relative_error``,
  with reference solutions in :mod:`utils.solutions`.
"""
import warnings as _warnings

# fastai's import calls torch.jit.script, which torch 2.14 deprecates; the warning would otherwise
# sit (with a machine-specific path) in every notebook that uses fastai.
_warnings.filterwarnings("ignore", message=r".*torch\.jit\.script.*deprecated", category=FutureWarning)


def _load_triton_before_tensorflow() -> None:
    """Load Triton's compiled library (shipped with torch) before TensorFlow can be imported.

    If TensorFlow is imported first, torch's later lazy import of Triton (the first optimizer it
    builds does it) crashes the process with a segmentation fault: the two ship clashing LLVM
    symbols. Loaded in this order, both work. Costs about 0.1 s; a no-op without Triton.
    """
    import sys

    if "tensorflow" in sys.modules:
        _warnings.warn("import utils before tensorflow: torch's optimizers can crash the kernel "
                       "when TensorFlow was loaded first.", RuntimeWarning, stacklevel=3)
        return
    try:
        import triton._C.libtriton  # noqa: F401
    except Exception:  # noqa: BLE001 - no Triton (e.g. macOS, CPU-only builds): nothing to order
        pass


_load_triton_before_tensorflow()

from . import solutions  # noqa: E402
from .checks import CheckResult, check, check_close, relative_error, same  # noqa: E402
from .config import TIERS, Session, device, seed_everything, start, tier  # noqa: E402
from .data import DATASETS, ChecksumError, Digits, DownloadError, data_dir, load_dataset, load_mnist, mnist_3_7_path  # noqa: E402
from .plotting import plot_history, set_style, show_images  # noqa: E402

__all__ = [
    "CheckResult", "ChecksumError", "DATASETS", "Digits", "DownloadError", "Session", "TIERS",
    "check", "check_close", "data_dir", "device", "load_dataset", "load_mnist", "mnist_3_7_path",
    "plot_history", "relative_error", "same", "seed_everything", "set_style", "show_images",
    "solutions", "start", "tier",
]
