# Takes the gradient with respect to the input sequence xs instead of the initial state.
def hidden_gradient_norm(cell, T, hidden=32, seed=0):
    torch.manual_seed(seed)
    net = nn.RNN(8, hidden).double() if cell == "rnn" else nn.LSTM(8, hidden).double()
    if cell == "lstm":
        with torch.no_grad():
            net.bias_ih_l0[hidden:2 * hidden] = 1.0
            net.bias_hh_l0[hidden:2 * hidden] = 0.0
    xs = torch.randn(T, 1, 8, dtype=torch.float64, requires_grad=True)
    out = net(xs)[1]
    h_T = out if cell == "rnn" else out[0]
    (grad,) = torch.autograd.grad(h_T.sum(), xs)
    return torch.linalg.vector_norm(grad).item()
