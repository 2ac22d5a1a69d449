"""The PyTorch training loop that chapter 04 builds step by step, packaged for later chapters.

``fit`` runs ``epochs`` passes of: ``model.train()``; for each batch forward, loss, ``zero_grad``,
``backward``, ``step`` (and ``scheduler.step()`` if given); then validation under ``model.eval()``
and ``torch.no_grad()``. It returns the per-epoch history that :func:`utils.plot_history` draws.
"""
from __future__ import annotations

from .config import device as _device


def accuracy(logits, targets) -> float:
    """Share of rows whose largest logit is the target class: ``logits`` (N, C), ``targets`` (N,).

    With ``logits`` of shape (N,) or (N, 1) (one binary logit), a positive logit means class 1.
    """
    import torch

    logits, targets = torch.as_tensor(logits), torch.as_tensor(targets)
    if logits.ndim == 2 and logits.shape[1] == 1:
        logits = logits[:, 0]
    if logits.ndim == 1:
        preds = (logits > 0).long()
    elif logits.ndim == 2:
        preds = logits.argmax(dim=1)
    else:
        raise ValueError(f"accuracy takes logits of shape (N,), (N, 1) or (N, C); got {tuple(logits.shape)}.")
    if preds.shape[0] != targets.shape[0]:
        raise ValueError(f"{preds.shape[0]} predictions but {targets.shape[0]} targets.")
    return (preds == targets.reshape(preds.shape).long()).float().mean().item()


def _to(batch, device):
    if isinstance(batch, (list, tuple)):
        return type(batch)(_to(b, device) for b in batch)
    return batch.to(device) if hasattr(batch, "to") else batch


def fit(model, train_dl, valid_dl, loss_fn, opt, epochs: int, *, metric=accuracy, scheduler=None,
        device=None, progress: bool = True) -> dict:
    """Train ``model`` for ``epochs`` epochs; return ``{'train_loss', 'valid_loss', 'valid_<metric>'}``.

    ``train_dl``/``valid_dl`` yield ``(x, y)`` batches; ``x`` may be a tuple of tensors, passed to
    the model as separate arguments. ``loss_fn(output, y)`` and ``metric(output, y)`` (``None`` for
    no metric) take the model's raw output. Losses are averaged over examples, not batches. The
    model is moved to ``device`` (default :func:`utils.device`). ``scheduler`` is stepped after
    every batch (as a 1cycle schedule expects). A progress bar shows the epochs and the latest values.
    """
    import torch
    # fastprogress (fastai's own bars) saves its final state into the notebook; a tqdm widget
    # would be saved as its first frame, "0%", which is what GitHub shows.
    from fastprogress.fastprogress import progress_bar

    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, not {epochs!r}.")
    if valid_dl is None or len(valid_dl) == 0:
        raise ValueError("fit needs a non-empty validation DataLoader to report on.")
    dev = torch.device(device) if device is not None else _device()
    model.to(dev)
    name = f"valid_{getattr(metric, '__name__', 'metric')}" if metric is not None else None
    history = {"train_loss": [], "valid_loss": []} | ({name: []} if name else {})

    def call(x):
        return model(*x) if isinstance(x, (list, tuple)) else model(x)

    bar = progress_bar(range(epochs), display=progress)
    for _ in bar:
        model.train()
        total, count = 0.0, 0
        for x, y in train_dl:
            x, y = _to(x, dev), _to(y, dev)
            loss = loss_fn(call(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if scheduler is not None:
                scheduler.step()
            total += loss.item() * len(y)
            count += len(y)
        history["train_loss"].append(total / count)

        model.eval()
        outs, ys = [], []
        with torch.no_grad():
            for x, y in valid_dl:
                outs.append(call(_to(x, dev)))
                ys.append(_to(y, dev))
        out, y = torch.cat(outs), torch.cat(ys)
        history["valid_loss"].append(loss_fn(out, y).item())
        if name:
            history[name].append(float(metric(out, y)))
        bar.comment = "  ".join(f"{k} {v[-1]:.4f}" for k, v in history.items())
    return history
