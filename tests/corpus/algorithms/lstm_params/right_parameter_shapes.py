# Right: lists every tensor nn.LSTM would hold, by name and shape, and adds up their sizes.
import math


def lstm_param_count(input_size, hidden_size, num_layers=1, bias=True, bidirectional=False):
    """The number of parameters of nn.LSTM(input_size, hidden_size, num_layers, bias, bidirectional)."""
    suffixes = ["", "_reverse"] if bidirectional else [""]
    shapes = {}
    for k in range(num_layers):
        layer_in = input_size if k == 0 else hidden_size * len(suffixes)
        for s in suffixes:
            shapes[f"weight_ih_l{k}{s}"] = (4 * hidden_size, layer_in)
            shapes[f"weight_hh_l{k}{s}"] = (4 * hidden_size, hidden_size)
            if bias:
                shapes[f"bias_ih_l{k}{s}"] = (4 * hidden_size,)
                shapes[f"bias_hh_l{k}{s}"] = (4 * hidden_size,)
    return sum(math.prod(shape) for shape in shapes.values())
