# Right: a recursive unroll, concatenating the outputs with torch.cat.
def lstm_forward(xs, h0, c0, W_ih, W_hh, b_ih=None, b_hh=None):
    """Run the LSTM cell over xs (T, B, I); returns (outputs (T, B, H), (h_T, c_T))."""
    h1, c1 = lstm_cell(xs[0], h0, c0, W_ih, W_hh, b_ih, b_hh)
    if len(xs) == 1:
        return h1.unsqueeze(0), (h1, c1)
    rest, final = lstm_forward(xs[1:], h1, c1, W_ih, W_hh, b_ih, b_hh)
    return torch.cat([h1.unsqueeze(0), rest]), final
