# Right: explicit slices of the stacked weights, one small linear layer per gate.
def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    H = W_hh.shape[1]

    def pre(k):
        rows = slice(k * H, (k + 1) * H)
        out = x @ W_ih[rows].T + h @ W_hh[rows].T
        if b_ih is not None:
            out = out + b_ih[rows]
        if b_hh is not None:
            out = out + b_hh[rows]
        return out

    input_gate = torch.sigmoid(pre(0))
    forget_gate = torch.sigmoid(pre(1))
    candidate = torch.tanh(pre(2))
    output_gate = torch.sigmoid(pre(3))
    new_c = forget_gate * c + input_gate * candidate
    return output_gate * torch.tanh(new_c), new_c
