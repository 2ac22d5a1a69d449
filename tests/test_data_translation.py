"""utils.load_translation_pairs: number words to digits (small), English-Spanish (full, local server)."""
import zipfile

import pytest

import utils
from utils import data


# ---- small tier: generated, offline --------------------------------------------------------
def test_small_tier_is_every_number_once_split_80_20():
    pairs = utils.load_translation_pairs(tier="small")
    assert isinstance(pairs, utils.TranslationPairs)
    assert (len(pairs.train), len(pairs.valid)) == (7999, 2000)
    assert (pairs.source_language, pairs.target_language, pairs.tier) == ("english words", "digits", "small")
    targets = [t for _, t in pairs.train + pairs.valid]
    assert sorted(int(t) for t in targets) == list(range(1, 10000))  # each number exactly once
    assert not {t for _, t in pairs.train} & {t for _, t in pairs.valid}  # no valid number seen in training
    for source, target in pairs.train[:50] + pairs.valid[:50]:
        assert isinstance(source, str) and isinstance(target, str)
        assert source == utils.number_to_words(int(target))


def test_small_tier_by_hand_and_repeatable():
    pairs = utils.load_translation_pairs(tier="small")
    assert ("eight thousand one hundred twelve", "8112") in pairs.train + pairs.valid
    assert ("seven", "7") in pairs.train + pairs.valid
    assert utils.load_translation_pairs(tier="small") == pairs  # the fixed seed: the same split every time
    assert "train=7999" in repr(pairs) and "english words -> digits" in repr(pairs)
    # the split is random (chapter 14's is by range): both halves hold small and large numbers
    valid_numbers = [int(t) for _, t in pairs.valid]
    assert min(valid_numbers) < 1000 and max(valid_numbers) > 9000


def test_registered_and_rejects_a_bad_tier():
    assert utils.DATASETS["translation_pairs"] is utils.load_translation_pairs
    assert utils.load_dataset("translation_pairs", tier="small").name == "number_words_to_digits"
    with pytest.raises(ValueError):
        utils.load_translation_pairs(tier="medium")


# ---- full tier: against a local server -----------------------------------------------------
def _spa_eng_zip(path, lines, member=data.text.SPA_ENG_MEMBER):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, "\n".join(lines) + "\n")


GOOD_LINES = [f"Sentence number {i}.\tFrase número {i}." for i in range(data.text.SPA_ENG_MIN_PAIRS)]


def test_full_tier_reads_spa_eng_through_keras(server, monkeypatch):
    base, www, requests = server
    _spa_eng_zip(www / "spa-eng.zip", ["Go.\tVe.", "I won!\t¡He ganado!"] + GOOD_LINES)
    monkeypatch.setattr(data.text, "SPA_ENG_URL", f"{base}/spa-eng.zip")

    pairs = utils.load_translation_pairs(tier="full")
    assert isinstance(pairs, utils.TranslationPairs) and pairs.name == "spa_eng"
    assert (pairs.source_language, pairs.target_language, pairs.tier) == ("english", "spanish", "full")
    everything = pairs.train + pairs.valid
    assert len(everything) == len(GOOD_LINES) + 2 and len(pairs.valid) == round(0.2 * len(everything))
    assert ("I won!", "¡He ganado!") in everything and ("Go.", "Ve.") in everything
    assert all(isinstance(s, str) and isinstance(t, str) for s, t in everything[:100])
    assert (utils.data_dir() / "full" / "keras" / "datasets" / "spa-eng.zip").exists()
    assert utils.load_translation_pairs(tier="full") == pairs  # cached, and the same split
    assert requests == ["/spa-eng.zip"]  # downloaded once


@pytest.mark.parametrize("kind", ["not a zip", "wrong member", "three columns", "too few lines"])
def test_full_tier_bad_download_gives_one_clear_error_and_is_deleted(server, monkeypatch, kind):
    base, www, _ = server
    archive = www / "spa-eng.zip"
    if kind == "not a zip":
        archive.write_bytes(b"<html>rate limited</html>")
    elif kind == "wrong member":
        _spa_eng_zip(archive, GOOD_LINES, member="spa.txt")
    elif kind == "three columns":
        _spa_eng_zip(archive, GOOD_LINES + ["Go.\tVe.\tCC-BY 2.0"])
    else:
        _spa_eng_zip(archive, GOOD_LINES[:100])
    monkeypatch.setattr(data.text, "SPA_ENG_URL", f"{base}/spa-eng.zip")
    with pytest.raises(utils.ChecksumError, match="not the published archive"):
        utils.load_translation_pairs(tier="full")
    assert not list(utils.data_dir().rglob("spa-eng.zip"))  # a retry downloads it afresh


def test_full_tier_without_the_server_says_what_to_do(server, monkeypatch):
    base, _, _ = server
    monkeypatch.setattr(data.text, "SPA_ENG_URL", f"{base}/absent/spa-eng.zip")
    with pytest.raises(utils.DownloadError, match="DLCOURSE_SIZE=small"):
        utils.load_translation_pairs(tier="full")
