# Builds the blocks with their default activation, tanh, instead of nn.Sigmoid.
def gradient_ratio(depth, residual, seed=0):
    torch.manual_seed(seed)
    block = ResidualBlock if residual else PlainBlock
    model = nn.Sequential(*[block(32) for _ in range(depth)])
    x, y = torch.randn(64, 32), torch.randn(64, 32)
    norms = block_gradient_norms(model, x, y)
    return norms[0] / norms[-1]
