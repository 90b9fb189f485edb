# Always builds plain blocks: the residual flag is never used.
def gradient_ratio(depth, residual, seed=0):
    torch.manual_seed(seed)
    model = nn.Sequential(*[PlainBlock(32, activation=nn.Sigmoid) for _ in range(depth)])
    x, y = torch.randn(64, 32), torch.randn(64, 32)
    norms = block_gradient_norms(model, x, y)
    return norms[0] / norms[-1]
