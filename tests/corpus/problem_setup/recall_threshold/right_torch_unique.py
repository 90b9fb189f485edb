# Right: torch.unique (ascending) and a cumulative count of bad posts from the top, in the scores' own dtype.
import torch


def threshold_for_recall(scores, labels, target_recall):
    s = scores if isinstance(scores, torch.Tensor) else torch.from_numpy(np.asarray(scores))
    bad = (labels if isinstance(labels, torch.Tensor) else torch.from_numpy(np.asarray(labels))) == 1
    n_bad = int(bad.sum())
    if n_bad == 0:
        raise ValueError("no label 1")
    values = torch.unique(s)  # ascending
    caught = torch.tensor([int((s[bad] >= v).sum()) for v in values.tolist()])
    ok = torch.nonzero(caught.double() / n_bad >= target_recall).flatten()
    return values[ok.max()].item()
