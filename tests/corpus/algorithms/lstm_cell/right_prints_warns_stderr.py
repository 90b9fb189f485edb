# Right: prints the gate shapes, warns about float32, and writes a line to stderr on every call.
import sys
import warnings


def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    z = x @ W_ih.T + h @ W_hh.T
    if b_ih is not None:
        z = z + b_ih
    if b_hh is not None:
        z = z + b_hh
    i, f, g, o = z.chunk(4, dim=1)
    print("gates:", tuple(i.shape), tuple(f.shape), tuple(g.shape), tuple(o.shape))
    if x.dtype == torch.float32:
        warnings.warn("lstm_cell: float32 inputs, expect about 1e-7 relative error")
    sys.stderr.write(f"lstm_cell: batch {x.shape[0]}, hidden {h.shape[1]}\n")
    c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_next = torch.sigmoid(o) * torch.tanh(c_next)
    return h_next, c_next
