# Curves returned as lists of np.float64; warns and writes to stderr; a helper named _ratio.
import sys
import warnings

import numpy as np


def _ratio(losses):
    return losses[-1] / losses[0]


def _as_float64(losses):
    out = [np.float64(v) for v in losses]
    print(f"last/first = {_ratio(out):.3g}", file=sys.stderr)
    if not np.all(np.isfinite(out)):
        warnings.warn("this run produced inf or NaN")
    return out


def curve_healthy():
    model = make_model(0)
    return _as_float64(train_on_batch(model, x, y, nn.functional.cross_entropy,
                                      torch.optim.Adam(model.parameters(), lr=1e-2), 200))


def curve_lr_too_low():
    model = make_model(0)
    return _as_float64(train_on_batch(model, x, y, nn.functional.cross_entropy,
                                      torch.optim.SGD(model.parameters(), lr=1e-4), 200))


def curve_lr_too_high():
    model = make_model(0)
    return _as_float64(train_on_batch(model, x, y, nn.functional.cross_entropy,
                                      torch.optim.SGD(model.parameters(), lr=100.0), 200))


def curve_shuffled_labels():
    def shuffled_loss(logits, labels):
        return nn.functional.cross_entropy(logits, labels[torch.randperm(len(labels))])

    model = make_model(0)
    return _as_float64(train_on_batch(model, x, y, shuffled_loss, torch.optim.Adam(model.parameters(), lr=1e-2), 200))


def curve_numerical_instability():
    def unstable_loss(logits, labels):
        p = torch.exp(100 * logits) / torch.exp(100 * logits).sum(dim=1, keepdim=True)
        return nn.functional.nll_loss(torch.log(p), labels)

    model = make_model(0)
    return _as_float64(train_on_batch(model, x, y, unstable_loss, torch.optim.Adam(model.parameters(), lr=1e-2), 200))


def curve_too_big_model():
    model = make_model(0, hidden=256, depth=3)
    return _as_float64(train_on_batch(model, x, y, nn.functional.cross_entropy,
                                      torch.optim.Adam(model.parameters(), lr=1e-3), 200))
