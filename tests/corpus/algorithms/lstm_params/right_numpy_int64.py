# Right: counts with NumPy and returns a np.int64 (an int for the contract), through a private helper _case.
import numpy as np


def _case(layer_input, hidden_size, bias):
    shapes = [(4 * hidden_size, layer_input), (4 * hidden_size, hidden_size)]
    shapes += [(4 * hidden_size,)] * (2 if bias else 0)
    return np.sum([np.prod(s) for s in shapes])


def lstm_param_count(input_size, hidden_size, num_layers=1, bias=True, bidirectional=False):
    """The number of parameters of nn.LSTM(input_size, hidden_size, num_layers, bias, bidirectional)."""
    D = 2 if bidirectional else 1
    inputs = np.array([input_size] + [D * hidden_size] * (num_layers - 1))
    return np.int64(D * sum(_case(int(n), hidden_size, bias) for n in inputs))
