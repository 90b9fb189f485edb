# Right: torch.cdist on float64 tensors and a torch.randperm split; the accuracies returned as Python floats.
import torch


def leakage_gap(seed=0):
    x, y, groups = make_grouped_data(seed)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def one_nn(train, val):
        train, val = torch.as_tensor(train), torch.as_tensor(val)
        nearest = torch.cdist(xt[val], xt[train]).argmin(dim=1)
        return (yt[train][nearest] == yt[val]).double().mean().item()

    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    random_acc = one_nn(order[100:], order[:100])
    train, val = group_split(groups, val_fraction=0.25, seed=seed)
    return random_acc, one_nn(train, val)
