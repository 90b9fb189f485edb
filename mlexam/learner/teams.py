"""Data, plots and self-checks for the ML teams notebook (`ml_teams`).

It holds no graded answers: the roles question's items are kept in alphabetical order and
shuffled for display, and the roles table's tools column carries no job function.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from typing import NamedTuple

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

# --- The AI talent gap ------------------------------------------------------------------------


class Estimate(NamedTuple):
    """One head count from the lecture's talent-gap slide."""

    low: int
    high: int
    who: str
    source: str
    ai: bool  # an estimate of AI talent (True) or of all software developers (False)


TALENT_ESTIMATES: dict[str, Estimate] = {
    "actively publishing AI research": Estimate(
        5_000, 5_000, "AI researchers who publish", "Element AI, 2018 talent report", True
    ),
    "with the right skill set": Estimate(
        10_000, 10_000, "people with the skills to build AI systems", "Element AI, 2017 estimate", True
    ),
    "PhD-educated AI researchers": Estimate(
        22_000, 22_000, "PhD-educated AI researchers", "Element AI's 2018 report, via Bloomberg", True
    ),
    "upper bound": Estimate(
        90_000, 90_000, "upper bound on people with the skill set", "Element AI, 2018 talent report", True
    ),
    "AI researchers and practitioners": Estimate(
        200_000, 300_000, "AI researchers and practitioners", "Tencent Research Institute, 2017", True
    ),
    "software developers in the US": Estimate(
        3_600_000, 3_600_000, "software developers in the US", "Evans Data Corp., c. 2013", False
    ),
    "software developers worldwide": Estimate(
        18_200_000, 18_200_000, "software developers worldwide", "Evans Data Corp., c. 2013", False
    ),
}


# --- ML roles ---------------------------------------------------------------------------------

ROLE_IDS = ("devops", "data_engineer", "ml_engineer", "ml_researcher", "data_scientist")

ROLE_TITLES = {
    "devops": "DevOps engineer",
    "data_engineer": "Data engineer",
    "ml_engineer": "ML engineer",
    "ml_researcher": "ML researcher",
    "data_scientist": "Data scientist",
}

ROLE_TOOLS = {
    "devops": "AWS (cloud infrastructure)",
    "data_engineer": "Hadoop, Kafka, Airflow",
    "ml_engineer": "TensorFlow, Docker",
    "ml_researcher": "TensorFlow, PyTorch, Jupyter",
    "data_scientist": "SQL, Excel, Jupyter, Pandas, scikit-learn, TensorFlow",
}

_ITEMS = sorted(
    [
        "Answering business questions using analytics",
        "Build data pipelines, aggregation, storage, monitoring",
        "Deploy & monitor production systems",
        "Deployed product",
        "Distributed system",
        "Prediction model & report describing it",
        "Prediction model or report",
        "Prediction system running on real data (often in production)",
        "Train & deploy prediction models",
        "Train prediction models (often forward looking or not production-critical)",
    ]
)


def role_items(seed: int = 8) -> list[str]:
    """The ten job functions and work products of the lecture's roles table, shuffled."""
    items = list(_ITEMS)
    random.Random(seed).shuffle(items)
    return items


ROLE_ITEMS = role_items()


# --- ML progress is nonlinear -----------------------------------------------------------------

# A product-photo classifier, week by week: (change in accuracy, what the team did that week).
_WEEKS = [
    (+0.081, "fine-tuned a pretrained ResNet"),
    (+0.024, "data augmentation"),
    (+0.017, "learning-rate schedule"),
    (+0.011, "class-balanced sampling"),
    (+0.003, "bigger model"),
    (-0.002, "even bigger model"),
    (+0.002, "hyperparameter sweep"),
    (+0.001, "another optimizer"),
    (-0.004, "new architecture from a paper"),
    (+0.003, "longer training"),
    (+0.001, "ensembling"),
    (+0.046, "found and fixed mislabelled training photos"),
    (+0.013, "relabelled the hardest classes"),
    (+0.009, "error analysis, more augmentation"),
    (+0.007, "tuned the new data mix"),
    (+0.002, "test-time augmentation"),
    (+0.001, "tried a vision transformer"),
    (-0.014, "new preprocessing pipeline (a resizing bug)"),
    (+0.015, "resizing bug fixed"),
    (+0.001, "distillation for the mobile app"),
    (+0.002, "more tuning"),
    (+0.028, "added 50,000 photos from production"),
    (+0.008, "retrained on the new data"),
    (+0.004, "tuned for the new data"),
    (+0.002, "more tuning"),
    (+0.003, "bigger batch"),
    (-0.001, "quantised for the app"),
    (+0.002, "more tuning"),
    (+0.001, "more tuning"),
]

PROJECT_EVENTS = {
    1: "pretrained ResNet",
    5: "bigger models,\nmore tuning",
    12: "fixed mislabelled\nphotos",
    18: "resizing bug",
    22: "photos from\nproduction",
    26: "diminishing\nreturns",
}


_EVENT_OFFSETS = {1: (14, -10), 5: (0, -30), 12: (-6, 24), 18: (0, -30), 22: (-6, 24), 26: (0, -30)}


def project_log(start: float = 0.612) -> list[float]:
    """Weekly validation accuracy of a product-photo classifier, week 0 to week 29."""
    accuracy = [start]
    for change, _ in _WEEKS:
        accuracy.append(round(accuracy[-1] + change, 3))
    return accuracy


PROJECT_NOTES = ["baseline: logistic regression on image features"] + [note for _, note in _WEEKS]


def plot_progress(
    accuracy: Sequence[float],
    stalled: Sequence[int] = (),
    min_gain: float | None = None,
    events: dict[int, str] | None = None,
    title: str = "",
) -> tuple[Axes, Axes]:
    """Accuracy by week (top) and the weekly gain (bottom), with the stalled weeks in red."""
    weeks = range(len(accuracy))
    bad = {int(i) for i in stalled if 0 <= int(i) < len(accuracy)}
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9.5, 5.4), sharex=True, gridspec_kw={"height_ratios": [2.2, 1]})
    for i in sorted(bad):
        for ax in (top, bottom):
            ax.axvspan(i - 0.5, i + 0.5, color="tab:red", alpha=0.10, lw=0)
    top.plot(weeks, [100 * a for a in accuracy], color="tab:blue", lw=2, zorder=2)
    top.scatter(
        [i for i in weeks if i not in bad],
        [100 * accuracy[i] for i in weeks if i not in bad],
        color="tab:blue",
        s=22,
        zorder=3,
        label="progress",
    )
    top.scatter(
        sorted(bad),
        [100 * accuracy[i] for i in sorted(bad)],
        color="tab:red",
        s=30,
        marker="X",
        zorder=3,
        label=f"stalled ({len(bad)} of {max(len(accuracy) - 1, 0)} weeks)",
    )
    for week, text in (events or {}).items():
        if 0 <= week < len(accuracy):
            y = 100 * accuracy[week]
            dx, dy = _EVENT_OFFSETS.get(week, (0, 22))
            top.annotate(
                text,
                (week, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha="left" if dx > 0 else "center",
                va="center",
                fontsize=8,
                color="0.25",
                arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.8, "shrinkB": 4},
            )
    low, high = 100 * min(accuracy, default=0), 100 * max(accuracy, default=1)
    top.set_ylim(low - 3, high + 0.12 * (high - low) + 3)
    top.set_ylabel("validation accuracy (%)")
    top.legend(loc="lower right", fontsize="small")
    if title:
        top.set_title(title)
    gains = [100 * (b - a) for a, b in itertools.pairwise(accuracy)]
    colors = ["tab:red" if i in bad else "tab:blue" for i in range(1, len(accuracy))]
    bottom.bar(range(1, len(accuracy)), gains, color=colors, width=0.7)
    if min_gain is not None:
        bottom.axhline(100 * min_gain, color="0.3", ls="--", lw=1)
        bottom.annotate(
            f"min_gain = {100 * min_gain:g} points",
            (len(accuracy) - 0.5, 100 * min_gain),
            xytext=(0, 3),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            color="0.3",
        )
    bottom.axhline(0, color="0.5", lw=0.8)
    bottom.set_yscale("symlog", linthresh=1)
    bottom.set_yticks([-1, 0, 1, 5], ["-1", "0", "1", "5"])
    bottom.yaxis.set_minor_locator(plt.NullLocator())
    bottom.set_ylabel("weekly gain\n(points, symlog)")
    bottom.set_xlabel("week")
    bottom.set_xlim(-0.5, max(len(accuracy), 2) - 0.5)
    fig.tight_layout()
    return top, bottom


# --- Self-checks (ungraded) -------------------------------------------------------------------

STRUCTURES = {
    "nascent": "Nascent / ad-hoc ML",
    "rnd": "ML R&D",
    "embedded": "ML embedded in business and product teams",
    "independent": "Independent ML function",
    "ml_first": "ML-first organisation",
}

_STRUCTURE_CASES = [
    (
        "A 40-person accounting SaaS. One backend engineer trained a churn model in a notebook last "
        "quarter; nobody has touched it since.",
        "nascent",
        "No one owns ML yet: low-hanging fruit everywhere, but little support, data or compute, and it "
        "is hard to hire into.",
    ),
    (
        "A large bank runs a lab of ten PhDs who publish at NeurIPS. None of their models is in "
        "production, and they wait months for data from the business units.",
        "rnd",
        "ML sits in R&D: it can hire experienced researchers and aim at long-term wins, but getting data "
        "is hard and the work rarely turns into business value, so investment stays small.",
    ),
    (
        "An online retailer: the search team and the recommendations team each have two ML engineers "
        "who report to that team's tech lead.",
        "embedded",
        "ML is embedded in product teams: tight feedback and clear business value, but top talent is "
        "hard to grow, data and compute lag, and long ML projects are hard to justify to an "
        "engineering manager.",
    ),
    (
        "An insurer's ML division reports to the CTO. Its ML product managers, researchers and "
        "engineers build models and hand them over to the business units that use them.",
        "independent",
        "An independent ML function: talent density and leadership that can marshal data and compute; "
        "the hand-offs to the business units, who must buy into ML, are its weak point.",
    ),
    (
        "The CEO says every product line is ML-driven: a central ML research group plus ML experts in "
        "every team, shared data and infrastructure.",
        "ml_first",
        "ML-first: the best access to data, talent and deployment, but expensive, hard to build and to "
        "staff, and culturally hard to keep ML thinking in every team.",
    ),
]

EXAM_CATEGORIES = {
    "problem_setup": "problem setup",
    "algorithms": "algorithm knowledge",
    "conventions": "common conventions",
    "theory": "ML theory",
    "debugging": "ML debugging",
}

_INTERVIEW_CASES = [
    (
        "Which loss would you use to predict the sale price of a house?",
        "problem_setup",
        "Turning a task into inputs, outputs and a loss is problem setup.",
    ),
    (
        "How does an LSTM work? What does its forget gate do?",
        "algorithms",
        "Knowing how a standard model works inside is algorithm knowledge.",
    ),
    (
        "Why does the residual block in ResNet help with vanishing gradients?",
        "conventions",
        "Residual connections, normalisation, initialisation: the field's common conventions and why they work.",
    ),
    (
        "Explain the bias-variance tradeoff. Your training error is low and validation error high: what is going on?",
        "theory",
        "Bias and variance, generalisation, optimisation: ML theory.",
    ),
    (
        "Your model cannot overfit a single batch. What could be wrong?",
        "debugging",
        "Reading a learning curve and finding the bug is ML debugging.",
    ),
]


def _quiz(title: str, cases: Sequence[tuple[str, str, str]], options: dict[str, str], hint: str) -> widgets.Widget:
    """Drop-downs with instant feedback; nothing happens until someone picks an option."""
    rows: list[widgets.Widget] = [widgets.HTML(f"<b>{title}</b>")]
    choices = [("choose...", None)] + [(label, key) for key, label in options.items()]
    for number, (prompt, answer, why) in enumerate(cases, 1):
        pick = widgets.Dropdown(options=choices, value=None, layout=widgets.Layout(width="340px"))
        feedback = widgets.HTML("")

        def check(change, answer=answer, why=why, feedback=feedback):
            if change["new"] is None:
                feedback.value = ""
            elif change["new"] == answer:
                feedback.value = f"<span style='color:green'>Yes.</span> {why}"
            else:
                feedback.value = f"<span style='color:#b00'>Not quite.</span> {hint}"

        pick.observe(check, names="value")
        rows += [widgets.HTML(f"{number}. {prompt}"), pick, feedback]
    return widgets.VBox(rows)


def structure_quiz() -> widgets.Widget:
    """Self-check: which team structure is each company describing?"""
    hint = "Where does ML sit, who owns the data and the models, and who do the ML people report to?"
    return _quiz("Which structure is this?", _STRUCTURE_CASES, STRUCTURES, hint)


def interview_quiz() -> widgets.Widget:
    """Self-check: which of the exam's five categories does each interview question test?"""
    hint = (
        "What must a good answer show: how to set the problem up, how a model works inside, why a "
        "common practice works, the theory, or how to find a bug?"
    )
    return _quiz("Which part of the exam is this?", _INTERVIEW_CASES, EXAM_CATEGORIES, hint)
