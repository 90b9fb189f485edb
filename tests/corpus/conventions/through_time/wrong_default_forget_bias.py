# Uses the LSTM with PyTorch's default biases: the forget gate starts half closed, not at bias 1.
def hidden_gradient_norm(cell, T, hidden=32, seed=0):
    torch.manual_seed(seed)
    net = nn.RNN(8, hidden).double() if cell == "rnn" else nn.LSTM(8, hidden).double()
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
