# Wrong: reaches aten's log-softmax by a name built at run time (no forbidden name in the source; it still runs).
import torch


def cross_entropy(logits, labels):
    op = getattr(torch.ops.aten, "_log_" + "soft" + "max")
    log_probs = op(logits, 1, False)
    return -log_probs[torch.arange(len(labels)), labels].mean()
