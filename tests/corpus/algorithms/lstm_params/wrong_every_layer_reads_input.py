# Wrong: every layer reads input_size inputs, as if the layers were side by side, not stacked.
def lstm_param_count(input_size, hidden_size, num_layers=1, bias=True, bidirectional=False):
    """The number of parameters of nn.LSTM(input_size, hidden_size, num_layers, bias, bidirectional)."""
    directions = 2 if bidirectional else 1
    per_layer = 4 * hidden_size * (input_size + hidden_size) + (8 * hidden_size if bias else 0)
    return num_layers * directions * per_layer
