# Wrong: calls PyTorch's private kernel, saved under another name before the tests can replace it.
_kernel = torch._VF.lstm_cell


def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    h_next, c_next = _kernel(x, (h, c), W_ih, W_hh, b_ih, b_hh)
    return h_next, c_next
