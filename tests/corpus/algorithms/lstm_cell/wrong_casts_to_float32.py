# Wrong: casts everything to float32 (x.float()), so float64 inputs lose their precision and dtype.
def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    x, h, c, W_ih, W_hh = x.float(), h.float(), c.float(), W_ih.float(), W_hh.float()
    z = x @ W_ih.T + h @ W_hh.T
    if b_ih is not None:
        z = z + b_ih.float() + b_hh.float()
    i, f, g, o = z.chunk(4, dim=1)
    c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_next = torch.sigmoid(o) * torch.tanh(c_next)
    return h_next, c_next
