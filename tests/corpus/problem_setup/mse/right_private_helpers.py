# Right: private helpers named like the old hidden tests' own (_check, _run), and a print on every call.
import torch


def _check(a, b):
    if a.shape != b.shape:
        raise ValueError(f"shape mismatch: {tuple(a.shape)} vs {tuple(b.shape)}")


def _run(a, b):
    return torch.mean((a - b) ** 2)


def mse(pred, target):
    _check(pred, target)
    print("mse called")
    return _run(pred, target)
