# float32 modules (fine up to T = 50), inputs as wide as the hidden state, and .backward().
def hidden_gradient_norm(cell, T, hidden=32, seed=0):
    torch.manual_seed(seed)
    if cell == "lstm":
        net = nn.LSTM(input_size=hidden, hidden_size=hidden)
        net.bias_ih_l0.data[hidden:2 * hidden].fill_(1.0)
        net.bias_hh_l0.data[hidden:2 * hidden].zero_()
    else:
        net = nn.RNN(input_size=hidden, hidden_size=hidden, nonlinearity="tanh")
    xs = torch.randn(T, 1, hidden)
    h0 = torch.zeros(1, 1, hidden, requires_grad=True)
    if cell == "lstm":
        c0 = torch.zeros(1, 1, hidden, requires_grad=True)
        _, (h_T, _) = net(xs, (h0, c0))
        h_T.sum().backward()
        return c0.grad.norm().item()
    _, h_T = net(xs, h0)
    h_T.sum().backward()
    return h0.grad.norm().item()
