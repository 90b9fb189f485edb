# Right: the groups are shuffled by torch.randperm with a seeded torch.Generator; the indices come back as NumPy arrays.
import torch


def group_split(groups, val_fraction, seed=0):
    if val_fraction <= 0 or val_fraction >= 1:
        raise ValueError(f"bad val_fraction {val_fraction}")
    groups = np.asarray(groups)
    names, which = np.unique(groups, return_inverse=True)
    gen = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(names), generator=gen)
    n_val = round(val_fraction * len(names))
    is_val_group = torch.zeros(len(names), dtype=torch.bool)
    is_val_group[order[:n_val]] = True
    in_val = is_val_group[torch.from_numpy(which.reshape(-1))]
    return torch.nonzero(~in_val).flatten().numpy(), torch.nonzero(in_val).flatten().numpy()
