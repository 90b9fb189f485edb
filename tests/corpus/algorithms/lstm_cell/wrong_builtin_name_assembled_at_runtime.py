# Wrong: looks up torch._VF's LSTM cell by a name assembled at run time, so its source never spells it.
_step = getattr(torch._VF, "".join(["ls", "tm", "_ce", "ll"]))


def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    h_next, c_next = _step(x, (h, c), W_ih, W_hh, b_ih, b_hh)
    return h_next, c_next
