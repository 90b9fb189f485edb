# Runs the sequence one step at a time through the module; only bias_ih's forget slice is set to 1.
def hidden_gradient_norm(cell, T, hidden=32, seed=0):
    torch.manual_seed(seed)
    net = (nn.LSTM if cell == "lstm" else nn.RNN)(8, hidden).double()
    if cell == "lstm":
        with torch.no_grad():
            net.bias_ih_l0[hidden:2 * hidden].fill_(1.0)   # bias_hh keeps its small random values
    xs = torch.randn(T, 1, 8).double()
    h = torch.zeros(1, 1, hidden, dtype=torch.float64, requires_grad=True)
    c = torch.zeros(1, 1, hidden, dtype=torch.float64, requires_grad=True)
    start = c if cell == "lstm" else h
    state = (h, c) if cell == "lstm" else h
    for t in range(T):
        _, state = net(xs[t:t + 1], state)
    h_T = state[0] if cell == "lstm" else state
    (g,) = torch.autograd.grad(h_T.sum(), start)
    return g.norm().item()
