# Wrong: h = o * c, forgetting the tanh on the cell state.
def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    z = x @ W_ih.T + h @ W_hh.T
    if b_ih is not None:
        z = z + b_ih
    if b_hh is not None:
        z = z + b_hh
    i, f, g, o = z.chunk(4, dim=1)
    c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_next = torch.sigmoid(o) * c_next
    return h_next, c_next
