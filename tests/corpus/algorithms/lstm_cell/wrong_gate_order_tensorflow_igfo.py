# Wrong: TensorFlow 1's block order, input, candidate, forget, output (i, j, f, o), on PyTorch weights.
def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    z = x @ W_ih.T + h @ W_hh.T
    if b_ih is not None:
        z = z + b_ih
    if b_hh is not None:
        z = z + b_hh
    i, j, f, o = torch.split(z, W_hh.shape[1], dim=1)
    c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(j)
    h_next = torch.sigmoid(o) * torch.tanh(c_next)
    return h_next, c_next
