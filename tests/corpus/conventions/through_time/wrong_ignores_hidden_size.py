# Ignores the hidden argument and always builds modules with 32 hidden units.
def hidden_gradient_norm(cell, T, hidden=32, seed=0):
    torch.manual_seed(seed)
    hidden = 32
    net = nn.RNN(8, hidden).double() if cell == "rnn" else nn.LSTM(8, hidden).double()
    if cell == "lstm":
        with torch.no_grad():
            net.bias_ih_l0[hidden:2 * hidden] = 1.0
            net.bias_hh_l0[hidden:2 * hidden] = 0.0
    xs = torch.randn(T, 1, 8, dtype=torch.float64)
    h0 = torch.zeros(1, 1, hidden, dtype=torch.float64, requires_grad=True)
    c0 = torch.zeros(1, 1, hidden, dtype=torch.float64, requires_grad=True)
    if cell == "rnn":
        _, h_T = net(xs, h0)
        start = h0
    else:
        _, (h_T, _) = net(xs, (h0, c0))
        start = c0
    (grad,) = torch.autograd.grad(h_T.sum(), start)
    return torch.linalg.vector_norm(grad).item()
