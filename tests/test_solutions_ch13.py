"""Chapter 13's reference solutions, checked against values worked out by hand."""
import pytest
import torch

from utils import solutions as sol


# ---- ch13_standardize ----------------------------------------------------------------------
def test_standardize_lowercases_and_turns_punctuation_into_single_spaces():
    assert sol.ch13_standardize("Hello, World!") == "hello world"
    assert sol.ch13_standardize("  year-earlier:\tprofits\n\nrose  ") == "year earlier profits rose"
    assert sol.ch13_standardize("5.5% of snake_case") == "5 5 of snake case"


def test_standardize_removes_accents_whichever_way_they_are_written():
    precomposed, combining = "caf\u00e9", "cafe\u0301"  # one code point for é, or e + a combining accent
    assert precomposed != combining
    assert sol.ch13_standardize(precomposed) == sol.ch13_standardize(combining) == "cafe"
    assert sol.ch13_standardize("Naïve Zoë İstanbul") == "naive zoe istanbul"


def test_standardize_folds_compatibility_characters():
    # full-width letters, the fi ligature and curly quotes
    assert sol.ch13_standardize("\uff26\uff55\uff4c\uff4c \ufb01nance \u201cquoted\u201d") == "full finance quoted"


def test_standardize_keeps_letters_and_digits_of_other_scripts():
    assert sol.ch13_standardize("Москва 2005") == "москва 2005"
    assert sol.ch13_standardize("") == "" and sol.ch13_standardize("?!") == ""


def test_standardize_rejects_non_strings():
    with pytest.raises(TypeError, match="str"):
        sol.ch13_standardize(["a list"])


# ---- ch13_build_vocab ----------------------------------------------------------------------
DOCS = [["the", "cat", "sat"], ["the", "dog", "sat", "down"], ["a", "cat"]]


def test_build_vocab_orders_by_count_then_first_appearance():
    # counts: the 2, cat 2, sat 2, dog 1, down 1, a 1 (ties in order of first appearance)
    assert sol.ch13_build_vocab(DOCS) == ["xxunk", "xxpad", "xxbos", "the", "cat", "sat", "dog", "down", "a"]


def test_build_vocab_min_freq_and_max_size():
    assert sol.ch13_build_vocab(DOCS, min_freq=2) == ["xxunk", "xxpad", "xxbos", "the", "cat", "sat"]
    assert sol.ch13_build_vocab(DOCS, min_freq=3) == ["xxunk", "xxpad", "xxbos"]
    assert sol.ch13_build_vocab(DOCS, max_size=4) == ["xxunk", "xxpad", "xxbos", "the"]


def test_build_vocab_does_not_repeat_a_special_token_found_in_the_text():
    docs = [["xxbos", "hi", "hi"], ["xxbos", "yo"]]
    assert sol.ch13_build_vocab(docs, specials=["<unk>", "xxbos"]) == ["<unk>", "xxbos", "hi", "yo"]
    assert sol.ch13_build_vocab([], specials=()) == []


def test_build_vocab_rejects_bad_input():
    with pytest.raises(TypeError, match="list of documents"):
        sol.ch13_build_vocab("the cat sat")
    with pytest.raises(TypeError, match="not a string"):
        sol.ch13_build_vocab(["the cat", "sat"])
    with pytest.raises(ValueError, match="min_freq"):
        sol.ch13_build_vocab(DOCS, min_freq=0)
    with pytest.raises(ValueError, match="max_size"):
        sol.ch13_build_vocab(DOCS, max_size=2)
    with pytest.raises(ValueError, match="repeat"):
        sol.ch13_build_vocab(DOCS, specials=("xxunk", "xxunk"))


# ---- ch13_numericalize ---------------------------------------------------------------------
VOCAB = ["xxunk", "xxpad", "xxbos", "the", "cat", "sat"]


def test_numericalize_by_hand():
    ids = sol.ch13_numericalize(["xxbos", "the", "cat", "sat"], VOCAB)
    assert ids.dtype == torch.int64 and torch.equal(ids, torch.tensor([2, 3, 4, 5]))


def test_numericalize_sends_unknown_tokens_to_unk():
    assert torch.equal(sol.ch13_numericalize(["the", "dog", "sat"], VOCAB), torch.tensor([3, 0, 5]))
    assert torch.equal(sol.ch13_numericalize(["dog"], ["the", "<unk>"], unk="<unk>"), torch.tensor([1]))
    empty = sol.ch13_numericalize([], VOCAB)
    assert empty.shape == (0,) and empty.dtype == torch.int64


def test_numericalize_rejects_a_string_and_a_vocab_without_unk():
    with pytest.raises(TypeError, match="not a string"):
        sol.ch13_numericalize("the cat", VOCAB)
    with pytest.raises(ValueError, match="unknown token"):
        sol.ch13_numericalize(["the"], ["the", "cat"])


# ---- ch13_lm_batches -----------------------------------------------------------------------
def test_lm_batches_by_hand():
    # 32 ids, 3 rows: row_len = 31 // 3 = 10; rows start at 0, 10, 20; windows of 4, 4 and 2
    batches = sol.ch13_lm_batches(torch.arange(32), 3, 4)
    assert [tuple(x.shape) for x, _ in batches] == [(3, 4), (3, 4), (3, 2)]
    x0, y0 = batches[0]
    assert torch.equal(x0, torch.tensor([[0, 1, 2, 3], [10, 11, 12, 13], [20, 21, 22, 23]]))
    assert torch.equal(y0, x0 + 1)
    x2, y2 = batches[2]
    assert torch.equal(x2, torch.tensor([[8, 9], [18, 19], [28, 29]]))
    assert torch.equal(y2, torch.tensor([[9, 10], [19, 20], [29, 30]]))  # id 31 is never used


def test_lm_batches_targets_are_the_next_id_in_the_stream():
    stream = [7, 3, 9, 1, 4, 4, 8]  # 7 ids, 2 rows of 3: [7 3 9] [1 4 4]
    (x, y), = sol.ch13_lm_batches(stream, 2, 5)
    assert x.dtype == torch.int64
    assert torch.equal(x, torch.tensor([[7, 3, 9], [1, 4, 4]]))
    assert torch.equal(y, torch.tensor([[3, 9, 1], [4, 4, 8]]))


def test_lm_batches_rejects_bad_input():
    with pytest.raises(ValueError, match="too short"):
        sol.ch13_lm_batches(torch.arange(3), 3, 2)
    with pytest.raises(ValueError, match="1-d"):
        sol.ch13_lm_batches(torch.arange(12).view(3, 4), 2, 2)
    with pytest.raises(TypeError, match="integer"):
        sol.ch13_lm_batches(torch.rand(10), 2, 2)
    with pytest.raises(ValueError, match="seq_len"):
        sol.ch13_lm_batches(torch.arange(10), 2, 0)


# ---- ch13_ngrams ---------------------------------------------------------------------------
def test_ngrams_by_hand():
    tokens = ["the", "cat", "sat", "down"]
    assert sol.ch13_ngrams(tokens) == ["the cat", "cat sat", "sat down"]
    assert sol.ch13_ngrams(tokens, 3) == ["the cat sat", "cat sat down"]
    assert sol.ch13_ngrams(tokens, 1) == tokens
    assert sol.ch13_ngrams(["alone"], 2) == [] and sol.ch13_ngrams([], 1) == []


def test_ngrams_rejects_a_string_and_a_bad_n():
    with pytest.raises(TypeError, match="not a string"):
        sol.ch13_ngrams("the cat sat")
    with pytest.raises(ValueError, match="n must"):
        sol.ch13_ngrams(["a", "b"], 0)
