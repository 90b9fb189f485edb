# Different, equally valid settings for every cause.

def curve_healthy():
    model = make_model(0)
    return train_on_batch(model, x, y, nn.functional.cross_entropy,
                          torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9), 200)


def curve_lr_too_low():
    model = make_model(0)
    return train_on_batch(model, x, y, nn.functional.cross_entropy,
                          torch.optim.Adam(model.parameters(), lr=1e-6), 200)


def curve_lr_too_high():
    model = make_model(0)
    return train_on_batch(model, x, y, nn.functional.cross_entropy,
                          torch.optim.SGD(model.parameters(), lr=50.0), 200)


def curve_shuffled_labels():
    class Shuffled:
        def __call__(self, logits, labels):
            order = torch.randperm(labels.shape[0])
            return nn.CrossEntropyLoss()(logits, labels[order])

    model = make_model(0)
    return train_on_batch(model, x, y, Shuffled(), torch.optim.SGD(model.parameters(), lr=0.1), 200)


def curve_numerical_instability():
    def naive_loss(logits, labels):
        probs = torch.exp(logits * 100) / torch.exp(logits * 100).sum(1, keepdim=True)
        picked = probs.gather(1, labels[:, None]).squeeze(1)
        return -picked.log().mean()

    model = make_model(0)
    return train_on_batch(model, x, y, naive_loss, torch.optim.SGD(model.parameters(), lr=0.1), 200)


def curve_too_big_model():
    model = make_model(0, hidden=128, depth=4)
    return train_on_batch(model, x, y, nn.functional.cross_entropy,
                          torch.optim.Adam(model.parameters(), lr=1e-3), 200)
