# Right: torch.cdist and torch.argmin (the first minimum on ties), converted back to NumPy.
import numpy as np
import torch


def kmeans(X, k, init_idx, iters=100):
    """Lloyd's algorithm from the centres X[init_idx]; returns (centres (k, d), labels (n,))."""
    Xt = torch.as_tensor(np.asarray(X), dtype=torch.float64)
    centres = Xt[torch.as_tensor(np.asarray(init_idx))].clone()
    labels = None
    for _ in range(iters):
        new = torch.cdist(Xt, centres).argmin(dim=1)
        if labels is not None and torch.equal(new, labels):
            break
        labels = new
        for j in range(k):
            mask = labels == j
            if mask.any():
                centres[j] = Xt[mask].mean(dim=0)
    return centres.numpy(), labels.numpy()
