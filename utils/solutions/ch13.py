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


def ngrams(tokens, n: int = 2) -> list:
    """The n-grams of a token list, each joined by single spaces, in order.

    ``tokens``: a list of str; ``n >= 1``. ``ngrams(['the', 'cat', 'sat'], 2)`` is
    ``['the cat', 'cat sat']``; fewer than ``n`` tokens give ``[]``.
    """
    tokens = _token_list(tokens)
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number >= 1; got {n!r}.")
    return [" ".join(tokens[i: i + n]) for i in range(len(tokens) - n + 1)]
