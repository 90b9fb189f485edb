# The branch f has a single linear layer and the activation (Linear -> activation), not two layers.
class PlainBlock(nn.Module):
    def __init__(self, dim, activation=nn.Tanh):
        super().__init__()
        self.f = nn.Sequential(nn.Linear(dim, dim), activation())

    def forward(self, x):
        return self.f(x)


class ResidualBlock(nn.Module):
    def __init__(self, dim, activation=nn.Tanh):
        super().__init__()
        self.f = nn.Sequential(nn.Linear(dim, dim), activation())

    def forward(self, x):
        return x + self.f(x)
