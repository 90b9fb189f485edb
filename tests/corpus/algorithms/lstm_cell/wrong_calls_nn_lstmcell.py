# Wrong: copies the weights into torch.nn.LSTMCell and lets PyTorch compute the step.
def lstm_cell(x, h, c, W_ih, W_hh, b_ih=None, b_hh=None):
    """One LSTM step with PyTorch's gate order (input, forget, cell, output); returns (h_next, c_next)."""
    builtin = nn.LSTMCell(W_ih.shape[1], W_hh.shape[1], bias=b_ih is not None, dtype=x.dtype)
    with torch.no_grad():
        builtin.weight_ih.copy_(W_ih)
        builtin.weight_hh.copy_(W_hh)
        if b_ih is not None:
            builtin.bias_ih.copy_(b_ih)
            builtin.bias_hh.copy_(b_hh)
        return builtin(x, (h, c))
