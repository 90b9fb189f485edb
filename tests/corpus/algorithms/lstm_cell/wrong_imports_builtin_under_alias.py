# Wrong: imports PyTorch's built-in cell under another name (from torch import lstm_cell as ...) and calls it.
from torch import lstm_cell as _fused_step


def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    h_next, c_next = _fused_step(x, (h, c), W_ih, W_hh, b_ih, b_hh)
    return h_next, c_next
