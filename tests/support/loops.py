"""The plain PyTorch single-batch loop, the reference the learner package's loops are compared against."""

from __future__ import annotations


def plain_loop(model, x, y, loss_fn, optimizer, steps: int) -> list[float]:
    """`steps` steps of zero_grad, forward, backward, step on one batch; the loss before each step."""
    out = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        out.append(loss.item())
        loss.backward()
        optimizer.step()
    return out
