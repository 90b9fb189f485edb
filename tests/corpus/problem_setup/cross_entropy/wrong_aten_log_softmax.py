# Wrong: calls the log-softmax operation directly through torch.ops.aten._log_softmax.
import torch


def cross_entropy(logits, labels):
    log_probs = torch.ops.aten._log_softmax(logits, 1, False)
    return -log_probs[torch.arange(len(labels)), labels].mean()
