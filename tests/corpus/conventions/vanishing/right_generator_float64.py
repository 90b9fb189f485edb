# Seeds a generator for the data, builds the model in float64, and returns a plain float.
def gradient_ratio(depth, residual, seed=0):
    torch.manual_seed(seed)
    cls = ResidualBlock if residual else PlainBlock
    blocks = [cls(32, activation=nn.Sigmoid) for _ in range(depth)]
    model = nn.Sequential(*blocks).double()
    gen = torch.Generator().manual_seed(seed)
    inputs = torch.randn(64, 32, generator=gen, dtype=torch.float64)
    targets = torch.randn(64, 32, generator=gen, dtype=torch.float64)
    norms = block_gradient_norms(model, inputs, targets)
    return float(norms[0] / norms[-1])
