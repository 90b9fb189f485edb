# Right: the textbook formula written with log-sigmoid, which is stable: log(1 - s(z)) = logsigmoid(-z).
import torch.nn.functional as F


def bce_with_logits(logits, targets):
    return -(targets * F.logsigmoid(logits) + (1 - targets) * F.logsigmoid(-logits)).mean()
