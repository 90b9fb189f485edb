# Wrong: layers after the first read hidden_size inputs even when bidirectional (it is 2 * hidden_size).
def lstm_param_count(input_size, hidden_size, num_layers=1, bias=True, bidirectional=False):
    """The number of parameters of nn.LSTM(input_size, hidden_size, num_layers, bias, bidirectional)."""
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size
        total += directions * 4 * hidden_size * (layer_input + hidden_size + (2 if bias else 0))
    return total
