# Right: a closed form, the first layer plus (num_layers - 1) identical later layers.
def lstm_param_count(input_size, hidden_size, num_layers=1, bias=True, bidirectional=False):
    """The number of parameters of nn.LSTM(input_size, hidden_size, num_layers, bias, bidirectional)."""
    D, H = (2 if bidirectional else 1), hidden_size
    biases = 2 * int(bias)
    first = D * 4 * H * (input_size + H + biases)
    later = D * 4 * H * (D * H + H + biases)
    return first + (num_layers - 1) * later
