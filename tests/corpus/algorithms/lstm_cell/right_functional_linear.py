# Right: torch.nn.functional.linear for both products (it accepts bias=None), gates from torch.split.
import torch.nn.functional as F


def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    gates = F.linear(x, W_ih, b_ih) + F.linear(h, W_hh, b_hh)
    i, f, g, o = torch.split(gates, h.shape[-1], dim=-1)
    i, f, o = i.sigmoid(), f.sigmoid(), o.sigmoid()
    c_next = torch.addcmul(f * c, i, g.tanh())
    h_next = o * c_next.tanh()
    return (h_next, c_next)
