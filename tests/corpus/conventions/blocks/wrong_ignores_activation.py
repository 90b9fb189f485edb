# Both blocks hard-code nn.Tanh and ignore the activation argument.
class PlainBlock(nn.Module):
    def __init__(self, dim, activation=nn.Tanh):
        super().__init__()
        self.f = nn.Sequential(nn.Linear(dim, dim), nn.Tanh(), nn.Linear(dim, dim))

    def forward(self, x):
        return self.f(x)


class ResidualBlock(nn.Module):
    def __init__(self, dim, activation=nn.Tanh):
        super().__init__()
        self.f = nn.Sequential(nn.Linear(dim, dim), nn.Tanh(), nn.Linear(dim, dim))

    def forward(self, x):
        return x + self.f(x)
