"""Chapter 13's reference solutions, checked against values worked out by hand."""
import collections
import re
import unicodedata

import pytest
import torch

from utils.solutions import ch13
from wrong_solutions import rejected


# ---- standardize ----------------------------------------------------------------------
def test_standardize_lowercases_and_turns_punctuation_into_single_spaces():
    assert ch13.standardize("Hello, World!") == "hello world"
    assert ch13.standardize("  year-earlier:\tprofits\n\nrose  ") == "year earlier profits rose"
    assert ch13.standardize("5.5% of snake_case") == "5 5 of snake case"


def test_standardize_removes_accents_whichever_way_they_are_written():
    precomposed, combining = "caf\u00e9", "cafe\u0301"  # one code point for é, or e + a combining accent
    assert precomposed != combining
    assert ch13.standardize(precomposed) == ch13.standardize(combining) == "cafe"
    assert ch13.standardize("Naïve Zoë İstanbul") == "naive zoe istanbul"


def test_standardize_folds_compatibility_characters():
    # full-width letters, the fi ligature and curly quotes
    assert ch13.standardize("\uff26\uff55\uff4c\uff4c \ufb01nance \u201cquoted\u201d") == "full finance quoted"


def test_standardize_keeps_letters_and_digits_of_other_scripts():
    assert ch13.standardize("Москва 2005") == "москва 2005"
    assert ch13.standardize("") == "" and ch13.standardize("?!") == ""


def test_standardize_rejects_non_strings():
    with pytest.raises(TypeError, match="str"):
        ch13.standardize(["a list"])


# ---- build_vocab ----------------------------------------------------------------------
DOCS = [["the", "cat", "sat"], ["the", "dog", "sat", "down"], ["a", "cat"]]


def test_build_vocab_orders_by_count_then_first_appearance():
    # counts: the 2, cat 2, sat 2, dog 1, down 1, a 1 (ties in order of first appearance)
    assert ch13.build_vocab(DOCS) == ["xxunk", "xxpad", "xxbos", "the", "cat", "sat", "dog", "down", "a"]


def test_build_vocab_min_freq_and_max_size():
    assert ch13.build_vocab(DOCS, min_freq=2) == ["xxunk", "xxpad", "xxbos", "the", "cat", "sat"]
    assert ch13.build_vocab(DOCS, min_freq=3) == ["xxunk", "xxpad", "xxbos"]
    assert ch13.build_vocab(DOCS, max_size=4) == ["xxunk", "xxpad", "xxbos", "the"]


def test_build_vocab_does_not_repeat_a_special_token_found_in_the_text():
    docs = [["xxbos", "hi", "hi"], ["xxbos", "yo"]]
    assert ch13.build_vocab(docs, specials=["<unk>", "xxbos"]) == ["<unk>", "xxbos", "hi", "yo"]
    assert ch13.build_vocab([], specials=()) == []


def test_build_vocab_rejects_bad_input():
    with pytest.raises(TypeError, match="list of documents"):
        ch13.build_vocab("the cat sat")
    with pytest.raises(TypeError, match="not a string"):
        ch13.build_vocab(["the cat", "sat"])
    with pytest.raises(ValueError, match="min_freq"):
        ch13.build_vocab(DOCS, min_freq=0)
    with pytest.raises(ValueError, match="max_size"):
        ch13.build_vocab(DOCS, max_size=2)
    with pytest.raises(ValueError, match="repeat"):
        ch13.build_vocab(DOCS, specials=("xxunk", "xxunk"))


# ---- numericalize ---------------------------------------------------------------------
VOCAB = ["xxunk", "xxpad", "xxbos", "the", "cat", "sat"]


def test_numericalize_by_hand():
    ids = ch13.numericalize(["xxbos", "the", "cat", "sat"], VOCAB)
    assert ids.dtype == torch.int64 and torch.equal(ids, torch.tensor([2, 3, 4, 5]))


def test_numericalize_sends_unknown_tokens_to_unk():
    assert torch.equal(ch13.numericalize(["the", "dog", "sat"], VOCAB), torch.tensor([3, 0, 5]))
    assert torch.equal(ch13.numericalize(["dog"], ["the", "<unk>"], unk="<unk>"), torch.tensor([1]))
    empty = ch13.numericalize([], VOCAB)
    assert empty.shape == (0,) and empty.dtype == torch.int64


def test_numericalize_rejects_a_string_and_a_vocab_without_unk():
    with pytest.raises(TypeError, match="not a string"):
        ch13.numericalize("the cat", VOCAB)
    with pytest.raises(ValueError, match="unknown token"):
        ch13.numericalize(["the"], ["the", "cat"])


# ---- lm_batches -----------------------------------------------------------------------
def test_lm_batches_by_hand():
    # 32 ids, 3 rows: row_len = 31 // 3 = 10; rows start at 0, 10, 20; windows of 4, 4 and 2
    batches = ch13.lm_batches(torch.arange(32), 3, 4)
    assert [tuple(x.shape) for x, _ in batches] == [(3, 4), (3, 4), (3, 2)]
    x0, y0 = batches[0]
    assert torch.equal(x0, torch.tensor([[0, 1, 2, 3], [10, 11, 12, 13], [20, 21, 22, 23]]))
    assert torch.equal(y0, x0 + 1)
    x2, y2 = batches[2]
    assert torch.equal(x2, torch.tensor([[8, 9], [18, 19], [28, 29]]))
    assert torch.equal(y2, torch.tensor([[9, 10], [19, 20], [29, 30]]))  # id 31 is never used


def test_lm_batches_targets_are_the_next_id_in_the_stream():
    stream = [7, 3, 9, 1, 4, 4, 8]  # 7 ids, 2 rows of 3: [7 3 9] [1 4 4]
    (x, y), = ch13.lm_batches(stream, 2, 5)
    assert x.dtype == torch.int64
    assert torch.equal(x, torch.tensor([[7, 3, 9], [1, 4, 4]]))
    assert torch.equal(y, torch.tensor([[3, 9, 1], [4, 4, 8]]))


def test_lm_batches_rejects_bad_input():
    with pytest.raises(ValueError, match="too short"):
        ch13.lm_batches(torch.arange(3), 3, 2)
    with pytest.raises(ValueError, match="1-d"):
        ch13.lm_batches(torch.arange(12).view(3, 4), 2, 2)
    with pytest.raises(TypeError, match="integer"):
        ch13.lm_batches(torch.rand(10), 2, 2)
    with pytest.raises(ValueError, match="seq_len"):
        ch13.lm_batches(torch.arange(10), 2, 0)


# ---- ngrams ---------------------------------------------------------------------------
def test_ngrams_by_hand():
    tokens = ["the", "cat", "sat", "down"]
    assert ch13.ngrams(tokens) == ["the cat", "cat sat", "sat down"]
    assert ch13.ngrams(tokens, 3) == ["the cat sat", "cat sat down"]
    assert ch13.ngrams(tokens, 1) == tokens
    assert ch13.ngrams(["alone"], 2) == [] and ch13.ngrams([], 1) == []


def test_ngrams_rejects_a_string_and_a_bad_n():
    with pytest.raises(TypeError, match="not a string"):
        ch13.ngrams("the cat sat")
    with pytest.raises(ValueError, match="n must"):
        ch13.ngrams(["a", "b"], 0)


# ---- wrong solutions that the exercise checks must reject -----------------------------------------
def _collapse(text):
    return " ".join(text.split())


def standardize_keeps_accents(text):  # NFC: é stays one letter, accent and all
    return _collapse(re.sub(r"[\W_]", " ", unicodedata.normalize("NFC", text.lower())))


def standardize_combining_marks_left_in(text):  # NFKD, but the accents become spaces: "nai ve"
    return _collapse(re.sub(r"[\W_]", " ", unicodedata.normalize("NFKD", text.lower())))


def standardize_keeps_underscores(text):  # \W alone: "_" is a word character
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))
    return _collapse(re.sub(r"\W", " ", text))


def standardize_ascii_only(text):  # [^a-z0-9]: Cyrillic and Greek letters vanish
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))
    return _collapse(re.sub(r"[^a-z0-9\s]", " ", text))


def standardize_deletes_punctuation(text):  # Keras's way: "5.5%" becomes "55", "bbc's" becomes "bbcs"
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))
    return _collapse(re.sub(r"[^\w\s]|_", "", text))


def standardize_no_collapse(text):  # runs of spaces and the ends left as they are
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(ch))
    return re.sub(r"[\W_]", " ", text)


def build_vocab_alphabetical_ties(token_lists, min_freq=1, specials=("xxunk", "xxpad", "xxbos"), max_size=None):
    counts = collections.Counter(t for doc in token_lists for t in doc)
    ranked = sorted(counts, key=lambda t: (-counts[t], t))  # a tie goes to the alphabet, not first appearance
    vocab = list(specials) + [t for t in ranked if counts[t] >= min_freq and t not in specials]
    return vocab if max_size is None else vocab[:max_size]


def build_vocab_repeats_specials(token_lists, min_freq=1, specials=("xxunk", "xxpad", "xxbos"), max_size=None):
    counts = collections.Counter(t for doc in token_lists for t in doc)
    vocab = list(specials) + [t for t, n in counts.most_common() if n >= min_freq]  # xxbos found twice
    return vocab if max_size is None else vocab[:max_size]


def build_vocab_max_size_without_specials(token_lists, min_freq=1, specials=("xxunk", "xxpad", "xxbos"),
                                          max_size=None):
    counts = collections.Counter(t for doc in token_lists for t in doc)
    words = [t for t, n in counts.most_common() if n >= min_freq and t not in specials]
    return list(specials) + (words if max_size is None else words[:max_size])


def build_vocab_more_than_min_freq(token_lists, min_freq=1, specials=("xxunk", "xxpad", "xxbos"), max_size=None):
    counts = collections.Counter(t for doc in token_lists for t in doc)
    vocab = list(specials) + [t for t, n in counts.most_common() if n > min_freq and t not in specials]
    return vocab if max_size is None else vocab[:max_size]


def build_vocab_document_counts(token_lists, min_freq=1, specials=("xxunk", "xxpad", "xxbos"), max_size=None):
    counts = collections.Counter(t for doc in token_lists for t in dict.fromkeys(doc))  # once per document
    vocab = list(specials) + [t for t, n in counts.most_common() if n >= min_freq and t not in specials]
    return vocab if max_size is None else vocab[:max_size]


def numericalize_unknown_is_zero(tokens, vocab, unk="xxunk"):  # assumes unk sits at index 0
    if unk not in vocab:
        raise ValueError("unk is not in the vocabulary")
    stoi = {t: i for i, t in reversed(list(enumerate(vocab)))}
    return torch.tensor([stoi.get(t, 0) for t in tokens], dtype=torch.int64)


def numericalize_default_dtype(tokens, vocab, unk="xxunk"):  # torch.tensor([]) is float32
    if unk not in vocab:
        raise ValueError("unk is not in the vocabulary")
    stoi = {t: i for i, t in reversed(list(enumerate(vocab)))}
    return torch.tensor([stoi.get(t, stoi[unk]) for t in tokens])


def numericalize_key_error(tokens, vocab, unk="xxunk"):  # a missing unk raises KeyError, not ValueError
    stoi = {t: i for i, t in reversed(list(enumerate(vocab)))}
    return torch.tensor([stoi.get(t, stoi[unk]) for t in tokens], dtype=torch.int64)


def numericalize_as_list(tokens, vocab, unk="xxunk"):  # the ids as a Python list
    if unk not in vocab:
        raise ValueError("unk is not in the vocabulary")
    return [vocab.index(t) if t in vocab else vocab.index(unk) for t in tokens]


def _lm_check(stream, batch_size):
    if (len(stream) - 1) // batch_size < 1:
        raise ValueError("stream too short")


def lm_batches_consecutive_chunks(stream, batch_size, seq_len):  # each batch one block of the stream: no rows
    _lm_check(stream, batch_size)
    stream = torch.as_tensor(stream).long()
    step = batch_size * seq_len
    batches = []
    for start in range(0, len(stream) - step, step):
        x = stream[start: start + step].view(batch_size, seq_len)
        y = stream[start + 1: start + step + 1].view(batch_size, seq_len)
        batches.append((x, y))
    return batches


def lm_batches_row_len_without_the_target(stream, batch_size, seq_len):  # L // bs: no id left for the last target
    _lm_check(stream, batch_size)
    stream = torch.as_tensor(stream).long()
    row_len = len(stream) // batch_size
    x = stream[: row_len * batch_size].view(batch_size, row_len)
    y = stream[1: row_len * batch_size + 1].view(batch_size, row_len)
    return [(x[:, i: i + seq_len], y[:, i: i + seq_len]) for i in range(0, row_len, seq_len)]


def lm_batches_drops_the_short_batch(stream, batch_size, seq_len):
    _lm_check(stream, batch_size)
    stream = torch.as_tensor(stream).long()
    row_len = (len(stream) - 1) // batch_size
    x = stream[: row_len * batch_size].view(batch_size, row_len)
    y = stream[1: row_len * batch_size + 1].view(batch_size, row_len)
    return [(x[:, i: i + seq_len], y[:, i: i + seq_len]) for i in range(0, row_len - seq_len + 1, seq_len)]


def lm_batches_keeps_the_dtype(stream, batch_size, seq_len):  # int32 ids give int32 batches
    _lm_check(stream, batch_size)
    stream = torch.as_tensor(stream)
    row_len = (len(stream) - 1) // batch_size
    x = stream[: row_len * batch_size].view(batch_size, row_len)
    y = stream[1: row_len * batch_size + 1].view(batch_size, row_len)
    return [(x[:, i: i + seq_len], y[:, i: i + seq_len]) for i in range(0, row_len, seq_len)]


def lm_batches_without_the_raise(stream, batch_size, seq_len):  # a too-short stream gives [] silently
    stream = torch.as_tensor(stream).long()
    row_len = (len(stream) - 1) // batch_size
    x = stream[: row_len * batch_size].view(batch_size, row_len)
    y = stream[1: row_len * batch_size + 1].view(batch_size, row_len)
    return [(x[:, i: i + seq_len], y[:, i: i + seq_len]) for i in range(0, row_len, seq_len)]


def ngrams_off_by_one(tokens, n=2):  # range(len(tokens) - n): the last n-gram is missing
    if n < 1:
        raise ValueError("n must be >= 1")
    return [" ".join(tokens[i: i + n]) for i in range(len(tokens) - n)]


def ngrams_as_tuples(tokens, n=2):  # zip's tuples, not strings
    if n < 1:
        raise ValueError("n must be >= 1")
    return list(zip(*(tokens[i:] for i in range(n))))


def ngrams_short_input_whole(tokens, n=2):  # fewer than n tokens: the whole list as one "n-gram"
    if n < 1:
        raise ValueError("n must be >= 1")
    if len(tokens) < n:
        return [" ".join(tokens)]
    return [" ".join(tokens[i: i + n]) for i in range(len(tokens) - n + 1)]


def ngrams_without_the_raise(tokens, n=2):  # n = 0 gives a list of empty strings
    return [" ".join(tokens[i: i + n]) for i in range(len(tokens) - n + 1)]


WRONG = {
    "standardize": [standardize_keeps_accents, standardize_combining_marks_left_in, standardize_keeps_underscores,
                    standardize_ascii_only, standardize_deletes_punctuation, standardize_no_collapse],
    "build_vocab": [build_vocab_alphabetical_ties, build_vocab_repeats_specials, build_vocab_max_size_without_specials,
                    build_vocab_more_than_min_freq, build_vocab_document_counts],
    "numericalize": [numericalize_unknown_is_zero, numericalize_default_dtype, numericalize_key_error,
                     numericalize_as_list],
    "lm_batches": [lm_batches_consecutive_chunks, lm_batches_row_len_without_the_target,
                   lm_batches_drops_the_short_batch, lm_batches_keeps_the_dtype, lm_batches_without_the_raise],
    "ngrams": [ngrams_off_by_one, ngrams_as_tuples, ngrams_short_input_whole, ngrams_without_the_raise],
}
test_checks_reject_wrong_solutions = rejected(ch13, WRONG)
