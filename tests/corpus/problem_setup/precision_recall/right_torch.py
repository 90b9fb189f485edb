# Right: torch tensors in their own dtype, clamp on the denominators (0 / 1 = 0.0), .item() for floats.
import torch


def precision_recall(scores, labels, threshold):
    s = scores if isinstance(scores, torch.Tensor) else torch.from_numpy(np.asarray(scores))
    l = labels if isinstance(labels, torch.Tensor) else torch.from_numpy(np.asarray(labels))
    flagged, bad = s >= threshold, l == 1
    tp = (flagged & bad).sum().double()
    precision = tp / flagged.sum().double().clamp(min=1)
    recall = tp / bad.sum().double().clamp(min=1)
    return precision.item(), recall.item()
