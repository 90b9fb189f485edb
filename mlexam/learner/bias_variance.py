"""Data, learning curves, plots and an explorer for the bias-variance notebook (`ml_theory`)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

NOISE_STD = 0.3

FitFn = Callable[[np.ndarray, np.ndarray, int], np.ndarray]
PredictFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


def f_true(x: np.ndarray) -> np.ndarray:
    """The function every dataset of the notebook samples: f(x) = sin(2 pi x)."""
    return np.sin(2 * np.pi * np.asarray(x, dtype=float))


def make_dataset(n: int, noise_std: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One training set: n inputs x ~ U[0, 1] and targets y = f(x) + N(0, noise_std^2)."""
    x = rng.uniform(0.0, 1.0, n)
    y = f_true(x) + rng.normal(0.0, noise_std, n)
    return x, y


def learning_curves(
    degree: int,
    sizes: Sequence[int],
    noise_std: float = NOISE_STD,
    n_val: int = 500,
    repeats: int = 25,
    seed: int = 0,
) -> dict[str, list[float]]:
    """Learning curves of a least-squares polynomial of `degree`, by training-set size.

    For every size m in `sizes`, the model is fitted on the first m points of a training set and
    scored (mean squared error) on those m points ("train") and on a validation set of `n_val`
    points ("val"). Each point of a curve is the median over `repeats` random training sets, so
    that one unlucky draw does not decide the picture. "target" is the error of a perfect model,
    the noise variance noise_std^2, repeated for every size.
    """
    gen = np.random.default_rng(seed)
    x_val, y_val = make_dataset(n_val, noise_std, gen)
    sizes = [int(m) for m in sizes]
    train = np.empty((repeats, len(sizes)))
    val = np.empty_like(train)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for r in range(repeats):
            x, y = make_dataset(max(sizes), noise_std, gen)
            for j, m in enumerate(sizes):
                coeffs = np.polyfit(x[:m], y[:m], degree)
                train[r, j] = np.mean((np.polyval(coeffs, x[:m]) - y[:m]) ** 2)
                val[r, j] = np.mean((np.polyval(coeffs, x_val) - y_val) ** 2)
    return {
        "sizes": sizes,
        "train": [float(v) for v in np.median(train, axis=0)],
        "val": [float(v) for v in np.median(val, axis=0)],
        "target": [float(noise_std**2)] * len(sizes),
    }


def plot_learning_curves(
    curves: Mapping[str, Sequence[float]], title: str = "", ax: Axes | None = None, log: bool = True
) -> Axes:
    """Plot a dict from `learning_curves`: training, validation and target error by size."""
    if ax is None:
        _, ax = plt.subplots()
    sizes = curves["sizes"]
    ax.plot(sizes, curves["train"], "o-", ms=3, color="tab:blue", label="training error")
    ax.plot(sizes, curves["val"], "o-", ms=3, color="tab:orange", label="validation error")
    ax.plot(sizes, curves["target"], ":", color="black", label="target (noise) error")
    ax.plot(sizes, [1.5 * t for t in curves["target"]], "--", color="grey", lw=0.8, label="1.5 x target")
    if log:
        ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("training-set size")
    ax.set_ylabel("mean squared error")
    if title:
        ax.set_title(title)
    ax.legend(fontsize="small")
    return ax


def plot_fits(
    fit: FitFn,
    predict: PredictFn,
    degree: int,
    n_fits: int = 25,
    n_train: int = 20,
    noise_std: float = NOISE_STD,
    seed: int = 0,
    ax: Axes | None = None,
) -> Axes:
    """Fits of one degree on `n_fits` independent training sets, their mean, and f itself."""
    if ax is None:
        _, ax = plt.subplots()
    gen = np.random.default_rng(seed)
    grid = np.linspace(0, 1, 200)
    preds = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for _ in range(n_fits):
            x_fit, y_fit = make_dataset(n_train, noise_std, gen)
            preds.append(np.asarray(predict(fit(x_fit, y_fit, degree), grid), dtype=float))
    preds = np.array(preds)
    for p in preds:
        ax.plot(grid, p, color="tab:blue", lw=0.8, alpha=0.3)
    ax.plot(grid, preds.mean(axis=0), color="tab:red", lw=2, label="mean of the fits")
    ax.plot(grid, f_true(grid), color="black", lw=1.5, ls="--", label="true f")
    ax.set_ylim(-2, 2)
    ax.set_xlim(0, 1)
    ax.set_xlabel("x")
    ax.set_title(f"degree {degree}: {n_fits} fits on {n_fits} training sets")
    return ax


def plot_decomposition(
    results: Mapping[int, Mapping[str, float]], ax: Axes | None = None, log: bool = False, title: str = ""
) -> Axes:
    """Bias^2, variance, noise and the measured test error by polynomial degree."""
    if ax is None:
        _, ax = plt.subplots()
    degrees = sorted(results)
    get = lambda key: [float(results[d][key]) for d in degrees]  # noqa: E731
    total = [b + v + n for b, v, n in zip(get("bias2"), get("variance"), get("noise"))]
    ax.plot(degrees, get("bias2"), "o-", color="tab:blue", label="bias$^2$")
    ax.plot(degrees, get("variance"), "s-", color="tab:orange", label="variance")
    ax.plot(degrees, get("noise"), ":", color="grey", label="noise")
    ax.plot(degrees, get("mse"), "D-", color="black", lw=2, ms=5, label="measured test error")
    ax.plot(degrees, total, "--", color="tab:red", lw=1.2, label="bias$^2$ + variance + noise")
    best = degrees[int(np.argmin(get("mse")))]
    ax.axvline(best, color="tab:green", lw=1, alpha=0.6)
    ax.annotate(
        f"lowest test error: degree {best}",
        (best, 0.97),
        xycoords=("data", "axes fraction"),
        xytext=(-4, 0),
        textcoords="offset points",
        ha="right",
        va="top",
        color="tab:green",
        fontsize="small",
    )
    if log:
        ax.set_yscale("log")
    ax.set_xticks(degrees)
    ax.set_xlabel("polynomial degree (model capacity)")
    ax.set_ylabel("mean squared error")
    if title:
        ax.set_title(title)
    ax.legend(fontsize="small", loc="upper right")
    return ax


def bias_variance_lab(fit: FitFn, predict: PredictFn, seed: int = 0):
    """Fits on many training sets with your own `fit` and `predict`; change degree, size and noise."""
    import ipywidgets as widgets

    controls = {
        "degree": widgets.IntSlider(value=3, min=0, max=12, description="degree", continuous_update=False),
        "n_train": widgets.IntSlider(value=20, min=5, max=200, step=5, description="n_train", continuous_update=False),
        "noise_std": widgets.FloatSlider(
            value=NOISE_STD, min=0.0, max=1.0, step=0.05, description="noise_std", continuous_update=False
        ),
    }

    def run(degree, n_train, noise_std):
        _fig, ax = plt.subplots()
        plot_fits(fit, predict, degree, n_fits=30, n_train=n_train, noise_std=noise_std, seed=seed, ax=ax)
        ax.set_title(f"degree {degree}, {n_train} training points, noise_std {noise_std:.2f}")
        ax.legend(fontsize="small", loc="lower left")
        plt.show()

    out = widgets.interactive_output(run, controls)
    return widgets.VBox([widgets.HBox(list(controls.values())), out])
