# Right: prints each layer's count, warns for deep stacks, writes a summary to stderr; a helper named _ratio.
import sys
import warnings


def _ratio(layer_input, hidden_size):
    return layer_input + hidden_size


def lstm_param_count(input_size, hidden_size, num_layers=1, bias=True, bidirectional=False):
    """The number of parameters of nn.LSTM(input_size, hidden_size, num_layers, bias, bidirectional)."""
    if num_layers > 2:
        warnings.warn(f"{num_layers} stacked layers: are you sure?")
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else directions * hidden_size
        count = directions * 4 * hidden_size * (_ratio(layer_input, hidden_size) + (2 if bias else 0))
        print(f"layer {layer}: {count}")
        total += count
    print(f"total: {total}", file=sys.stderr)
    return total
