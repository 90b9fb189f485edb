# The reference settings through private helpers named _run and _curve; prints each run.
def _run(loss_fn, make_opt, hidden=64, depth=1):
    model = make_model(0, hidden=hidden, depth=depth)
    losses = train_on_batch(model, x, y, loss_fn, make_opt(model.parameters()), 200)
    print(f"{len(losses)} steps: {losses[0]:.3f} -> {losses[-1]:.3f}")
    return losses


def _curve(lr, opt=torch.optim.Adam, loss_fn=nn.functional.cross_entropy, **size):
    return _run(loss_fn, lambda params: opt(params, lr=lr), **size)


def _shuffled(logits, labels):
    return nn.functional.cross_entropy(logits, labels[torch.randperm(len(labels))])


def _unstable(logits, labels):
    e = torch.exp(100 * logits)
    p = e / e.sum(dim=1, keepdim=True)
    return -torch.log(p[torch.arange(len(labels)), labels]).mean()


def curve_healthy():
    return _curve(1e-2)


def curve_lr_too_low():
    return _curve(1e-4, opt=torch.optim.SGD)


def curve_lr_too_high():
    return _curve(1.0)


def curve_shuffled_labels():
    return _curve(1e-2, loss_fn=_shuffled)


def curve_numerical_instability():
    return _curve(1e-2, loss_fn=_unstable)


def curve_too_big_model():
    return _curve(1e-3, hidden=256, depth=3)
