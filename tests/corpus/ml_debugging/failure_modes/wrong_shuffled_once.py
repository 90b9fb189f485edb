# Labels shuffled once, before training: the model simply fits the new labels.

def curve_healthy():
    model = make_model(0)
    return train_on_batch(model, x, y, nn.functional.cross_entropy,
                          torch.optim.Adam(model.parameters(), lr=1e-2), 200)


def curve_lr_too_low():
    model = make_model(0)
    return train_on_batch(model, x, y, nn.functional.cross_entropy,
                          torch.optim.SGD(model.parameters(), lr=1e-4), 200)


def curve_lr_too_high():
    model = make_model(0)
    return train_on_batch(model, x, y, nn.functional.cross_entropy,
                          torch.optim.Adam(model.parameters(), lr=1.0), 200)


def curve_shuffled_labels():
    perm = torch.randperm(len(y))
    model = make_model(0)
    return train_on_batch(model, x, y[perm], nn.functional.cross_entropy,
                          torch.optim.Adam(model.parameters(), lr=1e-2), 200)


def curve_numerical_instability():
    def unstable_loss(logits, labels):
        e = torch.exp(100 * logits)
        p = e / e.sum(dim=1, keepdim=True)
        return -torch.log(p[torch.arange(len(labels)), labels]).mean()

    model = make_model(0)
    return train_on_batch(model, x, y, unstable_loss, torch.optim.Adam(model.parameters(), lr=1e-2), 200)


def curve_too_big_model():
    model = make_model(0, hidden=256, depth=3)
    return train_on_batch(model, x, y, nn.functional.cross_entropy,
                          torch.optim.Adam(model.parameters(), lr=1e-3), 200)
