# Right: torch, with the inputs made tensors without changing their dtype, and .item() for Python ints.
import torch


def confusion_counts(scores, labels, threshold):
    s = scores if isinstance(scores, torch.Tensor) else torch.from_numpy(np.asarray(scores))
    l = labels if isinstance(labels, torch.Tensor) else torch.from_numpy(np.asarray(labels))
    if s.shape[0] != l.shape[0]:
        raise ValueError(f"{s.shape[0]} scores, {l.shape[0]} labels")
    flagged, bad = s >= threshold, l == 1
    return {
        "tp": (flagged & bad).sum().item(),
        "fp": (flagged & ~bad).sum().item(),
        "tn": (~flagged & ~bad).sum().item(),
        "fn": (~flagged & bad).sum().item(),
    }
