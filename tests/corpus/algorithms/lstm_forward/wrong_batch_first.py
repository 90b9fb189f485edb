# Wrong: stacks the outputs along dim 1, giving (B, T, H) instead of nn.LSTM's (T, B, H).
def lstm_forward(xs, h0, c0, W_ih, W_hh, b_ih=None, b_hh=None):
    """Run the LSTM cell over xs (T, B, I); returns (outputs (T, B, H), (h_T, c_T))."""
    h, c = h0, c0
    outputs = []
    for x in xs:
        h, c = lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)
        outputs.append(h)
    return torch.stack(outputs, dim=1), (h, c)
