"""Chapter 21 · semantic search: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

from ..checks import call, exercise  # noqa: F401


def mean_pool(token_embeddings, attention_mask):
    """Masked mean pooling: one vector per text from its token vectors, padding left out.

    ``token_embeddings``: ``(B, T, D)`` float tensor (a transformer's ``last_hidden_state``);
    ``attention_mask``: ``(B, T)`` tensor of 1 (a real token) and 0 (padding). Returns ``(B, D)``,
    row ``b`` the mean of the vectors ``token_embeddings[b, t]`` over the ``t`` with mask 1
    (zeros for a row whose mask is all 0). Not normalized.
    """
    import torch

    if not isinstance(token_embeddings, torch.Tensor) or not token_embeddings.is_floating_point():
        raise TypeError("token_embeddings must be a float tensor of shape (B, T, D).")
    mask = torch.as_tensor(attention_mask)
    if token_embeddings.ndim != 3 or mask.shape != token_embeddings.shape[:2]:
        raise ValueError(f"need token_embeddings (B, T, D) and attention_mask (B, T); got "
                         f"{tuple(token_embeddings.shape)} and {tuple(mask.shape)}.")
    mask = mask.to(token_embeddings.dtype).unsqueeze(-1)  # (B, T, 1): broadcasts over D
    return (token_embeddings * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)


def cosine_top_k(queries, docs, k: int):
    """The ``k`` documents most cosine-similar to each query, best first.

    ``queries``: ``(Q, D)`` and ``docs``: ``(N, D)`` float tensors, not necessarily of unit length.
    Returns ``(scores, indices)``, both ``(Q, k)``: the cosine similarities (float, descending along
    each row) and the document indices (int64) they belong to.
    """
    import torch

    for name, x in (("queries", queries), ("docs", docs)):
        if not isinstance(x, torch.Tensor) or not x.is_floating_point() or x.ndim != 2:
            raise ValueError(f"{name} must be a 2-d float tensor; got {getattr(x, 'shape', type(x))}.")
    if queries.shape[1] != docs.shape[1]:
        raise ValueError(f"queries have {queries.shape[1]} dimensions, docs {docs.shape[1]}: they must match.")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= docs.shape[0]:
        raise ValueError(f"k must be a whole number from 1 to the number of docs ({docs.shape[0]}); got {k!r}.")
    q = queries / queries.norm(dim=1, keepdim=True).clamp(min=1e-12)
    d = docs / docs.norm(dim=1, keepdim=True).clamp(min=1e-12)
    return torch.topk(q @ d.T, k, dim=1)


def _ranked_and_targets(ranked, targets):
    import torch

    ranked, targets = torch.as_tensor(ranked), torch.as_tensor(targets)
    if ranked.ndim != 2 or targets.ndim != 1 or ranked.shape[0] != targets.shape[0] or ranked.shape[0] == 0:
        raise ValueError(f"need ranked (Q, K) and targets (Q,) with Q >= 1; got {tuple(ranked.shape)} "
                         f"and {tuple(targets.shape)}.")
    return ranked, targets


def recall_at_k(ranked, targets, k: int) -> float:
    """The share of queries whose one relevant document is among their first ``k`` results.

    ``ranked``: ``(Q, K)`` document indices, best first, for each query; ``targets``: ``(Q,)`` the
    index of each query's relevant document; ``1 <= k <= K``. Returns a Python float in [0, 1].
    """
    ranked, targets = _ranked_and_targets(ranked, targets)
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= ranked.shape[1]:
        raise ValueError(f"k must be a whole number from 1 to {ranked.shape[1]} (the columns of ranked); got {k!r}.")
    return (ranked[:, :k] == targets[:, None]).any(dim=1).double().mean().item()


def mrr(ranked, targets) -> float:
    """Mean reciprocal rank: the mean over queries of 1 / (position of the relevant document).

    ``ranked``: ``(Q, K)`` document indices, best first; ``targets``: ``(Q,)``. Position 1 is the
    first column; a query whose document is not in its row scores 0. Returns a Python float.
    """
    ranked, targets = _ranked_and_targets(ranked, targets)
    hit = ranked == targets[:, None]  # (Q, K): True where the relevant document sits
    position = hit.double().argmax(dim=1) + 1  # the first hit, counting from 1
    return (hit.any(dim=1).double() / position).mean().item()
