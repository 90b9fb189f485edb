# Wrong: returns the final hidden state in place of the final cell state, (h_T, h_T).
def lstm_forward(xs, h0, c0, W_ih, W_hh, b_ih=None, b_hh=None):
    """Run the LSTM cell over xs (T, B, I); returns (outputs (T, B, H), (h_T, c_T))."""
    h, c = h0, c0
    outputs = []
    for x in xs:
        h, c = lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)
        outputs.append(h)
    outputs = torch.stack(outputs)
    return outputs, (outputs[-1], outputs[-1])
