"""Chapter 21 · semantic search: the exercises' reference solutions, with their cases and hints.

Try each exercise before you read its solution here.
"""
from __future__ import annotations

import numpy as np
import torch

from ..checks import call, exercise  # noqa: F401


def _mean_pool_cases():
    g = torch.Generator().manual_seed(21)
    lengths = torch.tensor([5, 2, 4])
    prefix = (torch.arange(5)[None, :] < lengths[:, None]).long()  # a tokenizer's mask: 1s, then padding
    return [
        (torch.tensor([[[1.0, 2.0], [3.0, 4.0], [9.0, 9.0]]]), torch.tensor([[1, 1, 0]])),
        (torch.arange(24, dtype=torch.float32).reshape(2, 3, 4), torch.tensor([[1, 0, 0], [1, 1, 1]])),
        (torch.randn(3, 5, 4, generator=g), prefix),
        (torch.randn(2, 4, 3, generator=g), torch.tensor([[0, 1, 1, 0], [0, 0, 1, 1]])),  # padding in front
        (torch.randn(2, 3, 2, generator=g, dtype=torch.float64), torch.tensor([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])),
        (torch.ones(1, 2, 3), torch.zeros(1, 2, dtype=torch.int64)),          # no real token: zeros, not NaN
        (torch.randn(2, 3, 2, generator=g), torch.tensor([[1, 1, 0]])),       # mask (1, T) for B = 2: ValueError
    ]


@exercise(cases=_mean_pool_cases,
          hint="only the tokens whose mask is 1 count, wherever they sit: zero out the others (the mask "
               "needs a last axis to broadcast over D), sum over the tokens and divide by how many were "
               "real, never by 0; keep the embeddings' dtype, and compare the mask's shape with (B, T) "
               "yourself, since broadcasting would accept a (1, T) mask")
def mean_pool(token_embeddings, attention_mask):
    """Masked mean pooling: one vector per text from its token vectors, padding left out.

    ``token_embeddings``: ``(B, T, D)`` float tensor (a transformer's ``last_hidden_state``);
    ``attention_mask``: ``(B, T)`` tensor of 1 (a real token) and 0 (padding). Returns ``(B, D)``,
    row ``b`` the mean of the vectors ``token_embeddings[b, t]`` over the ``t`` with mask 1
    (zeros for a row whose mask is all 0), in the dtype of ``token_embeddings``. Not normalized.
    Raises ``ValueError`` unless the mask's shape is ``(B, T)``.
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


def _cosine_top_k_cases():
    g = torch.Generator().manual_seed(22)
    docs = torch.tensor([[10.0, 0.0], [1.0, 1.0], [0.0, -3.0]])
    return [
        (torch.tensor([[2.0, 0.0], [0.0, 1.0]]), docs, 2),                     # lengths 10, 1.4, 3: ignored
        (torch.tensor([[1.0, 2.0, 3.0]]), torch.tensor([[3.0, 2.0, 1.0], [2.0, 4.0, 6.0], [-1.0, 0.0, 0.0]]), 3),
        (torch.tensor([[0.5, -0.5, 0.0, 1.0]]), torch.eye(4), 1),
        (torch.randn(4, 8, generator=g) * 3, torch.randn(30, 8, generator=g) * 5, 5),
        (torch.randn(3, 6, generator=g, dtype=torch.float64), torch.randn(7, 6, generator=g, dtype=torch.float64), 7),
        (torch.tensor([[1.0, 0.0]]), docs, 4),                                # k > N: ValueError
        (torch.tensor([[1.0, 0.0]]), docs, 0),                                # k = 0: ValueError
        (torch.ones(2, 3), docs, 1),                                          # 3 dimensions against 2: ValueError
    ]


@exercise(cases=_cosine_top_k_cases,
          hint="a dot product is a cosine only between vectors of length 1, so scale the rows of both "
               "queries and docs first; the k best come largest first, as (scores, indices); and raise "
               "ValueError yourself for a k outside 1..N or dimensions that differ (torch raises other errors)")
def cosine_top_k(queries, docs, k: int):
    """The ``k`` documents most cosine-similar to each query, best first.

    ``queries``: ``(Q, D)`` and ``docs``: ``(N, D)`` float tensors, not necessarily of unit length.
    Returns ``(scores, indices)``, both ``(Q, k)``: the cosine similarities (float, descending along
    each row) and the document indices (int64) they belong to. Raises ``ValueError`` unless
    ``1 <= k <= N`` and the two have the same number of dimensions.
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


RANKED = [[3, 1, 2], [0, 2, 1], [4, 0, 3], [1, 2, 3]]
TARGETS = [3, 2, 1, 3]  # found at positions 1, 2, never, 3


def _recall_at_k_cases():
    rng = np.random.default_rng(23)
    ranked = torch.as_tensor(np.stack([rng.permutation(50)[:10] for _ in range(40)]))
    targets = torch.as_tensor(np.where(rng.random(40) < 0.7, ranked[:, 3].numpy(), 60 + np.arange(40)))
    targets[:8] = ranked[:8, 0]
    targets[8:12] = ranked[8:12, 9]
    return [
        (torch.tensor(RANKED), torch.tensor(TARGETS), 1),
        (torch.tensor(RANKED), torch.tensor(TARGETS), 2),
        (torch.tensor(RANKED), torch.tensor(TARGETS), 3),
        (ranked, targets, 1),
        (ranked, targets, 4),
        (ranked, targets, 10),
        (torch.tensor([[7, 8]]), torch.tensor([9]), 2),                      # a miss: 0.0
        (torch.tensor(RANKED), torch.tensor(TARGETS), 4),                    # k > K: ValueError
        (torch.tensor(RANKED), torch.tensor(TARGETS), 0),                    # k = 0: ValueError
        (torch.tensor(RANKED), torch.tensor([3]), 1),                        # 1 target for 4 queries: ValueError
        (torch.zeros(0, 3, dtype=torch.int64), torch.zeros(0, dtype=torch.int64), 1),  # no queries: ValueError
    ]


@exercise(cases=_recall_at_k_cases,
          hint="a query counts once if its target appears anywhere in its first k columns (not only at "
               "position k, not in the first k + 1); return the share as a Python float, not a tensor; and "
               "raise ValueError for a k outside 1..K, no query, or targets that do not match the rows")
def recall_at_k(ranked, targets, k: int) -> float:
    """The share of queries whose one relevant document is among their first ``k`` results.

    ``ranked``: ``(Q, K)`` document indices, best first, for each query; ``targets``: ``(Q,)`` the
    index of each query's relevant document; ``1 <= k <= K``. Returns a Python float in [0, 1].
    Raises ``ValueError`` for a ``k`` outside ``1..K``, no queries, or ``targets`` of a length other
    than ``Q``.
    """
    ranked, targets = _ranked_and_targets(ranked, targets)
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= ranked.shape[1]:
        raise ValueError(f"k must be a whole number from 1 to {ranked.shape[1]} (the columns of ranked); got {k!r}.")
    return (ranked[:, :k] == targets[:, None]).any(dim=1).double().mean().item()


def _mrr_cases():
    rng = np.random.default_rng(24)
    ranked = torch.as_tensor(np.stack([rng.permutation(30)[:6] for _ in range(25)]))
    columns = rng.integers(0, 8, 25)  # 6 and 7: the target is not in the row
    targets = torch.as_tensor(np.where(columns < 6, ranked.numpy()[np.arange(25), np.minimum(columns, 5)], 99))
    return [
        (torch.tensor(RANKED), torch.tensor(TARGETS)),                       # (1 + 1/2 + 0 + 1/3) / 4
        (torch.tensor([[7, 8]]), torch.tensor([9])),                          # no hit: 0, not 1
        (torch.tensor([[5, 6, 7], [7, 6, 5]]), torch.tensor([7, 7])),         # positions 3 and 1
        (ranked, targets),
        (torch.tensor(RANKED), torch.tensor([3, 2])),                        # 2 targets for 4 queries: ValueError
        (torch.zeros(0, 3, dtype=torch.int64), torch.zeros(0, dtype=torch.int64)),  # no queries: ValueError
    ]


@exercise(cases=_mrr_cases,
          hint="positions count from 1, and a query whose target is missing from its row adds 0 (argmax "
               "of a row with no hit says 0, which looks like a hit in first place); average over all "
               "queries, return a Python float, and raise ValueError when there is no query or the "
               "targets do not match the rows")
def mrr(ranked, targets) -> float:
    """Mean reciprocal rank: the mean over queries of 1 / (position of the relevant document).

    ``ranked``: ``(Q, K)`` document indices, best first; ``targets``: ``(Q,)``. Position 1 is the
    first column; a query whose document is not in its row scores 0. Returns a Python float.
    Raises ``ValueError`` for no queries or ``targets`` of a length other than ``Q``.
    """
    ranked, targets = _ranked_and_targets(ranked, targets)
    hit = ranked == targets[:, None]  # (Q, K): True where the relevant document sits
    position = hit.double().argmax(dim=1) + 1  # the first hit, counting from 1
    return (hit.any(dim=1).double() / position).mean().item()
