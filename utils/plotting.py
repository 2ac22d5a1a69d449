"""Plots the chapters share: one figure style, a grid of images, and training curves."""
from __future__ import annotations

import math

import numpy as np

FIGSIZE = (6.0, 3.6)
DPI = 72  # keeps saved notebooks small while staying sharp on GitHub


def set_style() -> None:
    """One look for every figure in the course (called by ``utils.start``)."""
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.figsize": FIGSIZE,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": "medium",
            "image.cmap": "gray",
        }
    )


def _to_numpy_image(img) -> np.ndarray:
    """(H, W), (H, W, C) or (C, H, W) array or tensor -> an (H, W) or (H, W, C) NumPy array."""
    if hasattr(img, "detach"):
        img = img.detach().cpu().numpy()
    arr = np.asarray(img)
    if arr.ndim == 3 and arr.shape[0] in (1, 3) and arr.shape[-1] not in (1, 3):
        arr = np.moveaxis(arr, 0, -1)
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim not in (2, 3):
        raise ValueError(f"an image must have 2 or 3 dimensions; got shape {arr.shape}.")
    return arr


def show_images(images, labels=None, *, ncols: int = 8, size: float = 1.2, title: str | None = None,
                cmap: str = "gray"):
    """Show a grid of images with an optional label above each; returns the matplotlib figure.

    ``images``: a sequence (or a batch array/tensor of shape (N, H, W), (N, H, W, C) or
    (N, C, H, W)). ``labels``: ``None`` or one label per image.
    """
    import matplotlib.pyplot as plt

    images = list(images)
    if not images:
        raise ValueError("show_images needs at least one image.")
    if labels is not None:
        labels = list(labels)
        if len(labels) != len(images):
            raise ValueError(f"got {len(images)} images but {len(labels)} labels.")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1; got {ncols}.")
    ncols = min(ncols, len(images))
    nrows = math.ceil(len(images) / ncols)
    row_height = size + (0.3 if labels is not None else 0.0)  # room for each row's labels
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, row_height * nrows + (0.4 if title else 0)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(_to_numpy_image(images[i]), cmap=cmap)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_history(history, *, title: str | None = None):
    """Training curves: loss (train vs valid) on the left, a metric on the right if there is one.

    ``history`` maps names to per-epoch lists, e.g. ``{'train_loss': [...], 'valid_loss': [...],
    'valid_accuracy': [...]}``; a list of per-epoch dicts with those keys works too. Keys ending in
    ``loss`` go to the left panel, the others to the right. Returns the figure.
    """
    import matplotlib.pyplot as plt

    if isinstance(history, (list, tuple)):
        if not history or not all(isinstance(row, dict) for row in history):
            raise ValueError("a history list must hold one dict per epoch.")
        keys = list(dict.fromkeys(k for row in history for k in row))
        history = {k: [row.get(k, np.nan) for row in history] for k in keys}
    if not isinstance(history, dict) or not history:
        raise ValueError("history must be a non-empty dict of per-epoch lists, or a list of dicts.")
    lengths = {k: len(v) for k, v in history.items()}
    if len(set(lengths.values())) != 1 or 0 in lengths.values():
        raise ValueError(f"every series in history needs the same, non-zero length; got {lengths}.")
    losses = [k for k in history if k.endswith("loss")]
    metrics = [k for k in history if k not in losses]
    panels = [p for p in (losses, metrics) if p]
    fig, axes = plt.subplots(1, len(panels), figsize=(FIGSIZE[0] * len(panels) * 0.85, FIGSIZE[1]),
                             squeeze=False)
    def metric_name(key: str) -> str:  # "valid_accuracy" -> "accuracy"
        return key.split("_", 1)[1] if key.startswith(("train_", "valid_")) else key

    metric_label = " / ".join(dict.fromkeys(metric_name(k).replace("_", " ") for k in metrics))
    labels = [label for label in ("loss" if losses else None, metric_label or None) if label]
    for ax, keys, ylabel in zip(axes[0], panels, labels):
        for k in keys:
            values = history[k]
            epochs = np.arange(1, len(values) + 1)
            ax.plot(epochs, values, marker="o", ms=3, label=k.replace("_", " "),
                    ls="--" if k.startswith("train") else "-")
        ax.set_xlabel("epoch")
        ax.set_ylabel(ylabel)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
