# Wrong: calls PyTorch's LSTM cell through the operator registry, torch.ops.aten.lstm_cell.
def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    h_next, c_next = torch.ops.aten.lstm_cell(x, [h, c], W_ih, W_hh, b_ih, b_hh)
    return h_next, c_next
