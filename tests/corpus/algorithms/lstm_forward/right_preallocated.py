# Right: fills a preallocated (T, B, H) tensor by index, calling lstm_cell with keyword arguments.
def lstm_forward(xs, h0, c0, W_ih, W_hh, b_ih=None, b_hh=None):
    """Run the LSTM cell over xs (T, B, I); returns (outputs (T, B, H), (h_T, c_T))."""
    T = xs.shape[0]
    outputs = xs.new_zeros((T, *h0.shape))
    state = (h0, c0)
    for t in range(T):
        state = lstm_cell(xs[t], state[0], state[1], W_ih=W_ih, W_hh=W_hh, b_ih=b_ih, b_hh=b_hh)
        outputs[t] = state[0]
    return outputs, tuple(state)
