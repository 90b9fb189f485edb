# Right: a private helper re-runs the float64 check; it prints the verdicts and writes to stderr.
import sys


def _check(fn, seed=1):
    r = torch.randn(fn(x).shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)

    def f(t):
        return (fn(t) * r).sum()

    return max_relative_error(autograd_gradient(f, x), numerical_gradient(f, x.clone()))


BUGGY = set()
for name, fn in FUNCTIONS.items():
    error = _check(fn)
    print(f"{name}: {error:.1e}")
    if error > 1e-3:
        BUGGY.add(name)
sys.stderr.write(f"flagged {sorted(BUGGY)}\n")
