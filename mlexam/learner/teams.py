"""Data, plots and self-checks for the ML teams notebook (`ml_teams`).

It holds no graded answers: the items of the roles and assessments questions are kept in alphabetical order and
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
    """One head count from the lecture's talent-gap slide (its sources: Yakovenko, "The AI Talent Shortage";
    Kahn, "Just How Shallow is the Artificial Intelligence Talent Pool", Bloomberg 2018)."""

    low: int
    high: int
    who: str
    source: str  # the attribution the slide gives in brackets, or a note that it gives none
    ai: bool  # an estimate of AI talent (True) or of all software developers (False)


TALENT_ESTIMATES: dict[str, Estimate] = {
    "actively publishing AI research": Estimate(5_000, 5_000, "actively publishing AI research", "[Element AI]", True),
    "with the right skill set": Estimate(
        10_000, 10_000, "estimated people with the right skill set", "[Element AI]", True
    ),
    "PhD-educated AI researchers": Estimate(22_000, 22_000, "PhD-educated AI researchers", "[Bloomberg]", True),
    "upper bound": Estimate(90_000, 90_000, "upper bound on the number of people", "[Element AI]", True),
    "AI researchers and practitioners": Estimate(
        200_000, 300_000, "AI researchers and practitioners", "[Tencent]", True
    ),
    "software developers in the US": Estimate(
        3_600_000, 3_600_000, "software developers in the US", "(no bracketed source)", False
    ),
    "software developers worldwide": Estimate(
        18_200_000, 18_200_000, "software developers in the world", "(no bracketed source)", False
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

# SYNTHETIC: a made-up product-photo classifier, week by week (change in accuracy, what the team did that week),
# written for this notebook to illustrate the lecture's point that ML progress is nonlinear. Not data from a real
# project, and not from the lecture.
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
    """Weekly validation accuracy of a (synthetic, made-up) product-photo classifier, week 0 to week 29."""
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


# --- The hiring process, from the candidate's side ---------------------------------------------

# The lecture's nine kinds of assessment ("What to expect" in an ML interview), in its order and words.
ASSESSMENT_KINDS = {
    "background_fit": "Background & culture fit",
    "whiteboard_coding": "Whiteboard coding (similar to SWE interviews)",
    "pair_coding": "Pair coding (similar to SWE interviews)",
    "pair_debugging": "Pair debugging (often ML-specific code)",
    "math_puzzle": "Math puzzles (e.g., involving linear algebra)",
    "take_home": "Take-home ML project",
    "applied_ml": "Applied ML (e.g., explain how you'd solve this problem with ML)",
    "past_projects": "Previous ML projects (e.g., probing on what you tried, why things did / didn't work)",
    "ml_theory": (
        "ML theory (e.g., bias-variance tradeoff, overfitting, underfitting, understanding of specific algorithms)"
    ),
}

ASSESSMENT_IDS = tuple(ASSESSMENT_KINDS)

# Short interview tasks written for this notebook (not quoted from the lecture), in alphabetical order.
_TASKS = sorted(
    [
        "At a laptop with one of our engineers, write a small rate-limiter class together, talking it through",
        "Explain how you would use ML to flag fraudulent card payments: what data, what model, what metric",
        "Find, together with the interviewer, why this training loop's loss turns NaN after a few hundred steps",
        "On the whiteboard, write a function that merges two sorted lists into one sorted list",
        "Over the next week, at home, train a model on the data set we send you; return your code and a short report",
        "Show that the matrix x x^T has rank one for any nonzero vector x, and find its nonzero eigenvalue",
        "Tell us about yourself, how you like to work, and why you want to join this team",
        "Walk us through your last ML project: what you tried, what did not work, and why",
        "Your model has 2% training error and 15% validation error: is that high bias or high variance?",
    ]
)


def assessment_items(seed: int = 11) -> list[str]:
    """The assessments question's interview tasks, shuffled."""
    items = list(_TASKS)
    random.Random(seed).shuffle(items)
    return items


ASSESSMENT_ITEMS = assessment_items()


# --- Self-checks (ungraded) -------------------------------------------------------------------

LESSON_VERDICTS = {
    "said": "the lecture says so",
    "not_said": "the lecture does not say so",
}

# Statements about team structure: three restate the lecture's lessons, three are claims it does not make.
_LESSON_CASES = [
    (
        "There is no consensus yet on the right way to structure an ML team.",
        "said",
        "The lecture's first lesson on team structure: companies organise ML in different ways, and none has won.",
    ),
    (
        "Every ML team should keep its researchers in a separate research group.",
        "not_said",
        "The lecture reports two views on ML researchers, not a rule like this one.",
    ),
    (
        "ML teams tend to mix software-engineering and ML skills, and many people think everyone on the team "
        "needs some software engineering.",
        "said",
        "Two of the lecture's lessons: a mix of SWE and ML skills, and some SWE for everyone.",
    ),
    (
        "Data engineering always belongs inside the ML team.",
        "not_said",
        "The lecture gives both options: data engineers inside the ML team, or a separate data-warehousing team.",
    ),
    (
        "Labelling data is often the job of a dedicated team.",
        "said",
        "The lecture names data labelling as work that often has its own team.",
    ),
    (
        "An ML engineer can do without software-engineering skills if their ML is strong.",
        "not_said",
        "The opposite: the ML engineer trains and deploys models, and many think everyone needs some SWE.",
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
    """Self-check: which of these statements on team structure are the lecture's lessons?"""
    hint = "Reread the six lessons above: which ones leave a choice open, and which ones state a rule?"
    return _quiz("Does the lecture say so?", _LESSON_CASES, LESSON_VERDICTS, hint)


def interview_quiz() -> widgets.Widget:
    """Self-check: which of the practice exam's five kinds of question is each one? Items 1, 3 and 5 come from
    the lecture's example questions (filed as this course files them); items 2 and 4 are this course's."""
    hint = (
        "What must a good answer show: how to set the problem up, how a model works inside, why a "
        "common practice works, the theory, or how to find a bug?"
    )
    return _quiz("Which kind of exam question is this?", _INTERVIEW_CASES, EXAM_CATEGORIES, hint)
