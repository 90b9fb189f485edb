# Wrong: starts every step from (h0, c0) instead of the previous step's state.
def lstm_forward(xs, h0, c0, W_ih, W_hh, b_ih=None, b_hh=None):
    """Run the LSTM cell over xs (T, B, I); returns (outputs (T, B, H), (h_T, c_T))."""
    outputs, cells = [], []
    for x in xs:
        h, c = lstm_cell(x, h0, c0, W_ih, W_hh, b_ih, b_hh)
        outputs.append(h)
        cells.append(c)
    return torch.stack(outputs), (outputs[-1], cells[-1])
