# Seeds only after building the model, so the weights (and the ratio) change from call to call.
def gradient_ratio(depth, residual, seed=0):
    block = ResidualBlock if residual else PlainBlock
    model = nn.Sequential(*[block(32, activation=nn.Sigmoid) for _ in range(depth)])
    torch.manual_seed(seed)
    x, y = torch.randn(64, 32), torch.randn(64, 32)
    norms = block_gradient_norms(model, x, y)
    return norms[0] / norms[-1]
