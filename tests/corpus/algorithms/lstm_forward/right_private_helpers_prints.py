# Right: private helpers _run and _check (names hidden tests once used), printing, warning and writing to stderr.
import sys
import warnings


def _check(xs, h0, c0):
    if xs.dim() != 3 or h0.shape != c0.shape:
        raise ValueError("xs must be (T, B, I) and h0, c0 both (B, H)")
    if xs.shape[0] > 50:
        warnings.warn(f"a long sequence: {xs.shape[0]} steps")


def _run(xs, state, weights):
    outputs = []
    for x in xs:
        state = lstm_cell(x, *state, *weights)
        outputs.append(state[0])
    return outputs, state


def lstm_forward(xs, h0, c0, W_ih, W_hh, b_ih=None, b_hh=None):
    """Run the LSTM cell over xs (T, B, I); returns (outputs (T, B, H), (h_T, c_T))."""
    _check(xs, h0, c0)
    print(f"unrolling {xs.shape[0]} steps")
    outputs, (h, c) = _run(xs, (h0, c0), (W_ih, W_hh, b_ih, b_hh))
    print("done", file=sys.stderr)
    return torch.stack(outputs), (h, c)
