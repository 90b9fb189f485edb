# Wrong: ignores bidirectional and counts one direction only.
def lstm_param_count(input_size, hidden_size, num_layers=1, bias=True, bidirectional=False):
    """The number of parameters of nn.LSTM(input_size, hidden_size, num_layers, bias, bidirectional)."""
    per_bias = 8 * hidden_size if bias else 0
    first = 4 * hidden_size * (input_size + hidden_size) + per_bias
    later = 4 * hidden_size * (2 * hidden_size) + per_bias
    return first + (num_layers - 1) * later
