# Positional learning rates, other values, and a wider but shallower big model.
def curve_healthy():
    model = make_model(0)
    return train_on_batch(model, x, y, torch.nn.functional.cross_entropy, torch.optim.Adam(model.parameters(), 0.02), 200)


def curve_lr_too_low():
    model = make_model(0)
    return train_on_batch(model, x, y, torch.nn.functional.cross_entropy, torch.optim.SGD(model.parameters(), 1e-5), 200)


def curve_lr_too_high():
    model = make_model(0)
    return train_on_batch(model, x, y, torch.nn.functional.cross_entropy, torch.optim.Adam(model.parameters(), 2.0), 200)


def curve_shuffled_labels():
    model = make_model(0)
    shuffle = lambda out, t: torch.nn.functional.cross_entropy(out, t[torch.randperm(64)])  # noqa: E731
    return train_on_batch(model, x, y, shuffle, torch.optim.Adam(model.parameters(), 1e-2), 200)


def curve_numerical_instability():
    model = make_model(0)

    def softmax_by_hand(out, t):
        z = torch.exp(100.0 * out)
        return torch.mean(-torch.log(z[range(len(t)), t] / z.sum(dim=1)))

    return train_on_batch(model, x, y, softmax_by_hand, torch.optim.Adam(model.parameters(), 1e-2), 200)


def curve_too_big_model():
    model = make_model(0, hidden=512, depth=2)
    return train_on_batch(model, x, y, torch.nn.functional.cross_entropy, torch.optim.Adam(model.parameters(), 1e-3), 200)
