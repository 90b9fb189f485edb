# Wrong: records each hidden state before the step, so outputs start with h0 and miss h_T.
def lstm_forward(xs, h0, c0, W_ih, W_hh, b_ih=None, b_hh=None):
    """Run the LSTM cell over xs (T, B, I); returns (outputs (T, B, H), (h_T, c_T))."""
    h, c = h0, c0
    outputs = []
    for x in xs:
        outputs.append(h)
        h, c = lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)
    return torch.stack(outputs), (h, c)
