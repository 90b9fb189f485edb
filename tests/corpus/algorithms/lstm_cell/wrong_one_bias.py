# Wrong: adds only b_ih and drops b_hh (the bias is added once).
def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    z = x @ W_ih.T + h @ W_hh.T
    if b_ih is not None:
        z = z + b_ih
    i, f, g, o = z.chunk(4, dim=1)
    c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_next = torch.sigmoid(o) * torch.tanh(c_next)
    return h_next, c_next
