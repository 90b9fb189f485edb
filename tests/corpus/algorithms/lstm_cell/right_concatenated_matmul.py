# Right: one matmul of [x, h] with the concatenated weights [W_ih, W_hh], biases summed once.
def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    xh = torch.cat([x, h], dim=1)
    W = torch.cat([W_ih, W_hh], dim=1)
    gates = xh @ W.T
    bias = sum(b for b in (b_ih, b_hh) if b is not None)
    gates = gates + bias
    H = h.shape[1]
    i = torch.sigmoid(gates[:, 0 * H:1 * H])
    f = torch.sigmoid(gates[:, 1 * H:2 * H])
    g = torch.tanh(gates[:, 2 * H:3 * H])
    o = torch.sigmoid(gates[:, 3 * H:4 * H])
    c2 = f * c + i * g
    return o * torch.tanh(c2), c2
