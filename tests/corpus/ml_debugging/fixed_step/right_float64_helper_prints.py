# Returns the loss as np.float64 through a helper named _case; prints and writes to stderr.
import sys

import numpy as np


def _case(model, x, y):
    return nn.functional.cross_entropy(model(x), y)


def train_step(model, optimizer, x, y):
    model.train()
    optimizer.zero_grad()
    loss = _case(model, x, y)
    loss.backward()
    optimizer.step()
    value = np.float64(loss.item())
    print(f"loss {value:.4f}")
    print("stepped", file=sys.stderr)
    return value
