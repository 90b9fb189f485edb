# Wrong: counts one bias vector per gate (Keras' convention), not PyTorch's two (b_ih and b_hh).
def lstm_param_count(input_size, hidden_size, num_layers=1, bias=True, bidirectional=False):
    """The number of parameters of nn.LSTM(input_size, hidden_size, num_layers, bias, bidirectional)."""
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size * directions
        total += directions * 4 * hidden_size * (layer_input + hidden_size + (1 if bias else 0))
    return total
