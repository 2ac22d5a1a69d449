"""The registry, the cache, the atomic build and the full tier's downloads.

Anything built from the raw data is cached under :func:`data_dir` (``DLCOURSE_DATA``, else the
user's cache folder). A cache entry is built in a temporary folder and renamed into place, so an
interrupted build never leaves half a data set behind. The full tier downloads the books' data sets
through fastai's ``untar_data`` (:func:`fetch`, checked against the size and MD5 in the table that
ships inside fastai) or ``keras.utils.get_file`` (:func:`keras_file`, checked against a SHA-256).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..config import ENV_TIER

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
# Full tier: keras.utils.get_file with a SHA-256
# --------------------------------------------------------------------------------------------
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
