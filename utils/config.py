"""Configuration shared by every chapter: the data tier, the device, seeding, and `start()`.

The tier comes from the environment variable ``DLCOURSE_SIZE``:

* ``small`` (the default): real data that ``pip install`` brought along; no download, runs on a
  laptop CPU in a couple of minutes per chapter.
* ``full``: the books' own data sets, downloaded on first use with checksums; meant for a GPU.

A notebook's first line of course code is ``session = utils.start()``.
"""
from __future__ import annotations

import os
import random
import sys
import warnings
from dataclasses import dataclass
from importlib import metadata

TIERS = ("small", "full")
ENV_TIER = "DLCOURSE_SIZE"
ENV_THREADS = "DLCOURSE_THREADS"
DEFAULT_SEED = 42

# ---- Done once, when utils is imported (before the notebook imports any framework) ------------
# TensorFlow's C++ start-up chatter would otherwise land in saved notebook outputs.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# On CPUs where TensorFlow 2.21 turns oneDNN's custom operations on, it announces it on stderr before
# its logging starts (TF_CPP_MIN_LOG_LEVEL cannot hide that line); off, the announcement goes, and
# TensorFlow's float results no longer depend on which CPU the notebook ran on.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
# On a GPU, TensorFlow would otherwise reserve nearly all of its memory at its first operation,
# leaving PyTorch (which the same notebook uses) to run out.
os.environ.setdefault("TF_FORCE_GPU_ALLOW_GROWTH", "true")
# The pretrained text models come inside pip packages: the Hugging Face libraries must never try
# the network (there is none in CI), and their tokenizers must not warn after a fork.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# fastai's import calls torch.jit.script, which torch 2.14 deprecates; the warning would otherwise
# sit (with a machine-specific path) in every notebook that uses fastai.
warnings.filterwarnings("ignore", message=r".*torch\.jit\.script.*deprecated", category=FutureWarning)


def _load_triton_before_tensorflow() -> None:
    """Load Triton's compiled library (shipped with torch) before TensorFlow can be imported.

    If TensorFlow is imported first, torch's later lazy import of Triton (the first optimizer it
    builds does it) crashes the process with a segmentation fault: the two ship clashing LLVM
    symbols. Loaded in this order, both work. Costs about 0.1 s; a no-op without Triton.
    """
    if "tensorflow" in sys.modules:
        warnings.warn("import utils before tensorflow: torch's optimizers can crash the kernel "
                      "when TensorFlow was loaded first.", RuntimeWarning, stacklevel=3)
        return
    try:
        import triton._C.libtriton  # noqa: F401
    except Exception:  # noqa: BLE001 - no Triton (e.g. macOS, CPU-only builds): nothing to order
        pass


_load_triton_before_tensorflow()


def _no_fastprogress_style_block() -> None:
    """fastprogress shows its CSS as a separate output before the first bar, which a saved notebook
    keeps as an empty ``<IPython.core.display.HTML object>``; mark it as shown so it never is (the
    bars keep the browser's own progress-bar look). Bars blanked when they finish get the same care."""
    try:
        import fastprogress.fastprogress as fp
    except ImportError:  # fastprogress comes with fastai; without it there is nothing to hide
        return
    fp._style_shown = True

    # A bar that vanishes when done (fastai's inner bars, leave=False) is blanked with HTML(''), and a
    # master bar that wrote nothing ends as an empty <div>: both would be saved as a bare
    # `<IPython.core.display.HTML object>`. Blank them with empty text instead, which shows nothing.
    def bar_end(self):
        if not self.leave and self.display:
            self.out.update({"text/plain": ""}, raw=True)
        self.is_active = False
        fp.ProgressBar.on_iter_end(self)

    master_end = fp.NBMasterBar.on_iter_end

    def master_bar_end(self):
        if self.total_time or self.text_parts or hasattr(self, "imgs_fig") or hasattr(self, "graph_fig"):
            return master_end(self)
        if hasattr(self, "out"):
            self.out.update({"text/plain": ""}, raw=True)

    fp.NBProgressBar.on_iter_end = bar_end
    fp.NBMasterBar.on_iter_end = master_bar_end


_no_fastprogress_style_block()


def tier(value: str | None = None) -> str:
    """Return the data tier, ``'small'`` or ``'full'``.

    ``value`` overrides the environment; ``None`` reads ``DLCOURSE_SIZE`` (unset or empty means
    ``'small'``). Anything else raises one ``ValueError`` that names the allowed values.
    """
    raw = os.environ.get(ENV_TIER, "") if value is None else value
    name = (raw or "small").strip().lower()
    if name not in TIERS:
        source = f"{ENV_TIER}={raw!r}" if value is None else f"tier {raw!r}"
        raise ValueError(
            f"{source} is not a data tier: use one of {', '.join(map(repr, TIERS))} "
            f"(for example `export {ENV_TIER}=small`)."
        )
    return name


def device(prefer: str | None = None):
    """The ``torch.device`` to compute on: CUDA if present, then Apple's MPS, then the CPU.

    ``prefer`` (``'cuda'``, ``'mps'`` or ``'cpu'``) forces a choice; asking for an accelerator that
    is not there raises ``RuntimeError``.
    """
    import torch

    available = {
        "cuda": torch.cuda.is_available(),
        "mps": getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available(),
        "cpu": True,
    }
    if prefer is not None:
        if prefer not in available:
            raise ValueError(f"device {prefer!r} is unknown: use 'cuda', 'mps' or 'cpu'.")
        if not available[prefer]:
            raise RuntimeError(f"device {prefer!r} was asked for, but this machine has none.")
        return torch.device(prefer)
    for name in ("cuda", "mps", "cpu"):
        if available[name]:
            return torch.device(name)


def seed_everything(seed: int = DEFAULT_SEED) -> int:
    """Seed Python, NumPy and PyTorch (and TensorFlow, if it has been imported); return ``seed``.

    Call it again before any cell whose result you want to reproduce on its own.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an int in [0, 2**32); got {seed!r}.")
    import numpy as np
    import torch

    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # seeds every CUDA device too
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(seed)
    if "keras" in sys.modules and hasattr(sys.modules["keras"], "utils"):
        sys.modules["keras"].utils.set_random_seed(seed)
    return seed


# Packages that ship under more than one distribution name (the course pins tensorflow-cpu; Colab
# and GPU machines have tensorflow).
_DISTRIBUTIONS = {"tensorflow": ("tensorflow", "tensorflow-cpu")}


def versions(packages=("torch", "torchvision", "fastai", "tensorflow", "keras", "numpy")) -> dict:
    """Installed versions of ``packages`` (``'-'`` for one that is not installed)."""
    out = {}
    for name in packages:
        out[name] = "-"
        for dist in _DISTRIBUTIONS.get(name, (name,)):
            try:
                out[name] = metadata.version(dist)
                break
            except metadata.PackageNotFoundError:
                continue
    return out


@dataclass(frozen=True)
class Session:
    """What ``start()`` chose: the data tier, the torch device and the seed."""

    tier: str
    device: object
    seed: int

    @property
    def small(self) -> bool:
        return self.tier == "small"


def _threads_wanted(chosen_tier: str, device_type: str) -> int | None:
    """How many CPU threads torch and TensorFlow get: ``DLCOURSE_THREADS`` (a positive number), or
    ``None`` (unset or ``default``) for the libraries' own choice, one per core.

    Measured on 2 idle cores (README, "Threads"), the libraries' choice ran the small tier's
    notebooks about 7% faster in all than one thread, so it stays the default for every tier.
    """
    raw = os.environ.get(ENV_THREADS, "").strip().lower()
    if raw in ("", "default"):
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{ENV_THREADS}={raw!r}: use a positive number of threads or 'default'.")
    return int(raw)


def set_threads(n: int | None) -> None:
    """Give torch (and TensorFlow, if it has not started yet) ``n`` CPU threads; ``None`` keeps theirs."""
    if n is None:
        return
    import torch

    torch.set_num_threads(n)
    os.environ["TF_NUM_INTRAOP_THREADS"] = str(n)  # read by TensorFlow when it starts
    os.environ["TF_NUM_INTEROP_THREADS"] = str(n)
    if "tensorflow" in sys.modules:
        tf = sys.modules["tensorflow"]
        try:
            tf.config.threading.set_intra_op_parallelism_threads(n)
            tf.config.threading.set_inter_op_parallelism_threads(n)
        except RuntimeError:  # TensorFlow already started: it keeps the threads it has
            pass


def start(seed: int = DEFAULT_SEED, *, quiet: bool = False) -> Session:
    """The first call of every notebook: check the tier, seed everything, set the plot style.

    Prints one line with the tier, device and library versions (unless ``quiet``) and returns a
    :class:`Session`. Raises ``ValueError`` when ``DLCOURSE_SIZE`` is not a known tier.
    """
    chosen_tier = tier()
    seed_everything(seed)
    from . import plotting

    plotting.set_style()
    session = Session(tier=chosen_tier, device=device(), seed=seed)
    set_threads(_threads_wanted(session.tier, session.device.type))
    if not quiet:
        libs = ", ".join(f"{k} {v}" for k, v in versions().items() if v != "-")
        print(f"tier: {session.tier} | device: {session.device.type} | seed: {seed} | {libs}")
    return session


def main() -> int:
    """``make check-tier``: print the tier, or one error line and exit 2 if it is unknown."""
    try:
        print(f"data tier: {tier()}")
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
