"""Chapter 13 · from text to tensors: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def _token_list(tokens, what: str = "tokens") -> list:
    # A bare string would be read one character at a time: almost always a mistake.
    if isinstance(tokens, str):
        raise TypeError(f"{what} must be a list of tokens such as ['the', 'cat'], not a string "
                        "(split or tokenize it first).")
    tokens = list(tokens)
    if not all(isinstance(t, str) for t in tokens):
        raise TypeError(f"every token in {what} must be a str.")
    return tokens


def _standardize_cases():
    return [
        "The BBC's café owners said: “Prices rose 5.5%!”",                       # punctuation becomes spaces
        "  \uff26\uff35\uff2c\uff2c-width \ufb01nance,\tsnake_case  and   spaces ",   # NFKD folds; _ goes too
        "Naïve Zoë from İstanbul; cafe\u0301 au lait",                          # accents, either way written
        "?!",                                                                  # nothing left: ""
        "",
        "Москва 2005: ΑΘΗΝΑ\n\nnew  line",                                  # letters of other scripts stay
    ]


@exercise(cases=_standardize_cases,
          hint="drop the combining marks right after NFKD (left in, each becomes a space that splits its word); "
               "then replace, not delete, every character that is not a letter, a digit or whitespace, "
               "underscores included, by a space (letters of every script count), and collapse the whitespace")
def standardize(text: str) -> str:
    """Standardize a text before splitting it into words on whitespace.

    In order: lower-case; Unicode NFKD normalization (accented letters split into letter + accent,
    full-width letters and ligatures become plain ones); drop the combining marks (the accents:
    "Café" -> "cafe"); every character that is not a letter, a digit or whitespace (underscores
    included) becomes a space; runs of whitespace become one space; no space at either end.
    ``text``: a str. Returns a str.
    """
    import re
    import unicodedata

    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}.")
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\W_]", " ", text)  # \w is Unicode-aware: letters and digits of any script
    return " ".join(text.split())


def _build_vocab_cases():
    docs = [["the", "cat", "sat"], ["the", "dog", "sat", "down"], ["a", "cat", "xxbos"]]  # xxbos in a text
    return [
        (docs,),                                     # ties in order of first appearance
        (docs, 2),                                   # min_freq: at least, not more than
        (docs, 3),                                   # only the specials are left
        (docs, 1, ("xxunk", "xxpad", "xxbos"), 5),   # max_size counts the specials
        (docs, 1, ["<unk>"]),
        ([["b", "a", "b", "a", "c"]], 1, []),
        ([["b", "a", "b", "a", "c"]], 2, []),        # counts over all tokens, not documents
        call(docs, min_freq=2, specials=["xxbos", "xxunk"], max_size=4),
    ]


@exercise(cases=_build_vocab_cases,
          hint="count every token over all the texts; keep those seen at least min_freq times, most frequent "
               "first with ties in order of first appearance; skip the specials (they come first, once); "
               "max_size counts the specials too")
def build_vocab(token_lists, min_freq: int = 1, specials=("xxunk", "xxpad", "xxbos"),
                     max_size=None) -> list:
    """A vocabulary (index -> token) from tokenized documents.

    ``token_lists``: a list of documents, each a list of str tokens. Returns a list of str: the
    ``specials`` first, in their order, then every other token seen at least ``min_freq`` times
    over all documents, most frequent first; ties keep the order in which the tokens first
    appear. A special token seen in the documents is not repeated. With ``max_size``, the list
    is cut to that many entries (specials included).
    """
    from collections import Counter

    if isinstance(token_lists, str):
        raise TypeError("token_lists must be a list of documents, each a list of tokens: [['the', 'cat'], ...].")
    docs = [_token_list(doc, "each document") for doc in token_lists]
    specials = _token_list(specials, "specials")
    if len(set(specials)) != len(specials):
        raise ValueError(f"specials must not repeat a token; got {specials}.")
    if not isinstance(min_freq, int) or min_freq < 1:
        raise ValueError(f"min_freq must be a whole number >= 1; got {min_freq!r}.")
    if max_size is not None and (not isinstance(max_size, int) or max_size < len(specials)):
        raise ValueError(f"max_size must be None or at least the number of specials ({len(specials)}); got {max_size!r}.")
    counts = Counter(token for doc in docs for token in doc)
    reserved = set(specials)
    vocab = specials + [t for t, n in counts.most_common() if n >= min_freq and t not in reserved]
    return vocab if max_size is None else vocab[:max_size]


def _numericalize_cases():
    mini_itos = ["xxunk", "xxpad", "xxbos", "the", "cat", "sat"]
    return [
        (["xxbos", "the", "cat", "sat"], mini_itos),
        (["the", "dog", "sat", "on", "the", "cat"], mini_itos),   # unknown tokens get unk's index
        (["dog", "the"], ["the", "<unk>"], "<unk>"),              # unk is not always at index 0
        ([], mini_itos),                                          # no tokens: an empty int64 tensor
        (["the", "cat"], ["the", "cat"]),                         # no unk in the vocabulary: ValueError
    ]


@exercise(cases=_numericalize_cases,
          hint="look every token up in a token -> index dict, falling back on the index of unk (wherever it is in "
               "the vocabulary); raise ValueError when unk is missing; give torch.tensor its dtype, or an empty "
               "list becomes float32")
def numericalize(tokens, vocab, unk: str = "xxunk"):
    """Token ids: ``tokens`` (a list of str) -> ``(len(tokens),)`` int64 tensor.

    ``vocab``: a list of str (index -> token). A token not in ``vocab`` gets the index of ``unk``,
    which must be in ``vocab``.
    """
    import torch

    tokens = _token_list(tokens)
    vocab = _token_list(vocab, "vocab")
    stoi = {}
    for i, token in enumerate(vocab):
        stoi.setdefault(token, i)  # a repeated entry keeps its first index
    if unk not in stoi:
        raise ValueError(f"the unknown token {unk!r} is not in the vocabulary: put it there (usually at index 0).")
    return torch.tensor([stoi.get(t, stoi[unk]) for t in tokens], dtype=torch.int64)


def _lm_batches_cases():
    import torch

    g = torch.Generator().manual_seed(13)
    return [
        (torch.arange(32), 3, 4),                      # row_len 10: windows of 4, 4 and 2
        (torch.arange(100, 125), 2, 5),                # row_len 12
        (torch.tensor([7, 3, 9, 1, 4, 4, 8]), 2, 5),    # one window, shorter than seq_len
        (torch.arange(50) % 7, 4, 3),
        (torch.arange(13), 3, 2),                      # 12 ids fill the rows exactly; seq_len divides row_len
        (torch.arange(24), 4, 3),                      # 24 ids: rows of 5, since the last id is only a target
        (torch.randint(0, 500, (61,), dtype=torch.int32, generator=g), 4, 6),  # int32 ids in, int64 batches out
        (torch.arange(4), 3, 2),                       # just long enough: rows of one id
        (torch.arange(3), 3, 2),                       # too short for 3 rows and their targets: ValueError
    ]


@exercise(cases=_lm_batches_cases,
          hint="every id needs the next one as its target, so the last id of the stream cannot start a pair; the "
               "rows are consecutive stretches of the stream, and the batches cut them into windows of seq_len, "
               "the last one shorter; int64 out; raise ValueError when row_len would be 0")
def lm_batches(stream, batch_size: int, seq_len: int) -> list:
    """Lay out a stream of token ids as a language model's batches, as fastai's LMDataLoader does.

    ``stream``: a 1-d sequence of ids (tensor or list) of length L. The first
    ``row_len * batch_size`` ids, ``row_len = (L - 1) // batch_size``, are cut into ``batch_size``
    rows of ``row_len`` consecutive ids (row ``r`` starts at ``r * row_len``); the targets are
    the same rows shifted one id further along the stream. Returns a list of ``(x, y)`` pairs of
    int64 tensors of shape ``(batch_size, seq_len)``: consecutive windows of the rows, the last
    one shorter when ``seq_len`` does not divide ``row_len``.
    """
    import torch

    stream = torch.as_tensor(stream)
    if stream.ndim != 1:
        raise ValueError(f"stream must be 1-d (one long sequence of ids); got shape {tuple(stream.shape)}.")
    if stream.is_floating_point() or stream.is_complex():
        raise TypeError(f"stream must hold integer token ids; got {stream.dtype}.")
    for name, value in (("batch_size", batch_size), ("seq_len", seq_len)):
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1; got {value!r}.")
    row_len = (len(stream) - 1) // batch_size
    if row_len < 1:
        raise ValueError(f"a stream of {len(stream)} ids is too short for {batch_size} rows: "
                         f"it needs at least batch_size + 1 = {batch_size + 1}.")
    stream = stream.long()
    x = stream[: row_len * batch_size].view(batch_size, row_len)
    y = stream[1: row_len * batch_size + 1].view(batch_size, row_len)
    return [(x[:, i: i + seq_len].contiguous(), y[:, i: i + seq_len].contiguous())
            for i in range(0, row_len, seq_len)]


def _ngrams_cases():
    return [
        (["the", "cat", "sat", "down"],),
        (["the", "cat", "sat", "down"], 3),
        (["the", "cat"], 1),
        (["the", "cat"], 2),        # exactly n tokens: one n-gram
        (["alone"], 2),             # fewer than n: []
        ([], 1),
        (["a", "b", "c"], 0),       # n < 1: ValueError
    ]


@exercise(cases=_ngrams_cases,
          hint="there are len(tokens) - n + 1 starting positions (none if that is below 1); join each window of n "
               "tokens into one string with single spaces; raise ValueError for n < 1")
def ngrams(tokens, n: int = 2) -> list:
    """The n-grams of a token list, each joined by single spaces, in order.

    ``tokens``: a list of str; ``n >= 1``. ``ngrams(['the', 'cat', 'sat'], 2)`` is
    ``['the cat', 'cat sat']``; fewer than ``n`` tokens give ``[]``.
    """
    tokens = _token_list(tokens)
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number >= 1; got {n!r}.")
    return [" ".join(tokens[i: i + n]) for i in range(len(tokens) - n + 1)]
