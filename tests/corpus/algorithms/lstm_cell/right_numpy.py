# Right: computed in NumPy in the inputs' dtype, returned as torch tensors.
import numpy as np


def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    def arr(t):
        return t.detach().cpu().numpy()

    def sigmoid(a):
        return 1.0 / (1.0 + np.exp(-a))

    z = arr(x) @ arr(W_ih).T + arr(h) @ arr(W_hh).T
    for b in (b_ih, b_hh):
        if b is not None:
            z = z + arr(b)
    i, f, g, o = np.split(z, 4, axis=1)
    c_next = sigmoid(f) * arr(c) + sigmoid(i) * np.tanh(g)
    h_next = sigmoid(o) * np.tanh(c_next)
    return torch.from_numpy(h_next), torch.from_numpy(c_next)
