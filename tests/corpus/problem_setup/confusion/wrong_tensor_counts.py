# Wrong: returns 0-dim torch tensors as the counts instead of Python ints.
import torch


def confusion_counts(scores, labels, threshold):
    s, l = torch.as_tensor(np.asarray(scores)), torch.as_tensor(np.asarray(labels))
    if len(s) != len(l):
        raise ValueError("lengths differ")
    flagged, bad = s >= threshold, l == 1
    return {"tp": (flagged & bad).sum(), "fp": (flagged & ~bad).sum(),
            "tn": (~flagged & ~bad).sum(), "fn": (~flagged & bad).sum()}
