# An 'unstable' loss written with log_softmax, which is stable: no inf or NaN.

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
    def shuffled_loss(logits, labels):
        return nn.functional.cross_entropy(logits, labels[torch.randperm(len(labels))])

    model = make_model(0)
    return train_on_batch(model, x, y, shuffled_loss, torch.optim.Adam(model.parameters(), lr=1e-2), 200)


def curve_numerical_instability():
    def loss(logits, labels):
        return -torch.log_softmax(100 * logits, dim=1)[torch.arange(len(labels)), labels].mean()

    model = make_model(0)
    return train_on_batch(model, x, y, loss, torch.optim.Adam(model.parameters(), lr=1e-2), 200)


def curve_too_big_model():
    model = make_model(0, hidden=256, depth=3)
    return train_on_batch(model, x, y, nn.functional.cross_entropy,
                          torch.optim.Adam(model.parameters(), lr=1e-3), 200)
