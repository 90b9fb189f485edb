# ResidualBlock subclasses PlainBlock and adds the input to the plain block's output.
class PlainBlock(nn.Module):
    """Returns f(x)."""

    def __init__(self, dim, activation=nn.Tanh):
        super().__init__()
        layers = [nn.Linear(dim, dim), activation(), nn.Linear(dim, dim)]
        self.f = nn.Sequential(*layers)

    def forward(self, x):
        return self.f(x)


class ResidualBlock(PlainBlock):
    """Returns x + f(x)."""

    def forward(self, x):
        return x + super().forward(x)
