"""Judges of ml_teams.ipynb: the role of each item of the lecture's table, the stalled weeks of a log, and the
lecture's kind of assessment for each interview task."""

from __future__ import annotations

from mlexam.course.judging import Context, Foreign, Judges, Probe, Verdict, choice_probe, probe_value

judge = Judges()

ROLE_KEY = {
    "Train & deploy prediction models": "ml_engineer",
    "Deploy & monitor production systems": "devops",
    "Train prediction models (often forward looking or not production-critical)": "ml_researcher",
    "Distributed system": "data_engineer",
    "Answering business questions using analytics": "data_scientist",
    "Prediction system running on real data (often in production)": "ml_engineer",
    "Build data pipelines, aggregation, storage, monitoring": "data_engineer",
    "Prediction model or report": "data_scientist",
    "Prediction model & report describing it": "ml_researcher",
    "Deployed product": "devops",
}
ROLE_WHY = {
    "Train & deploy prediction models": "the ML engineer both trains models and puts them into production",
    "Deploy & monitor production systems": "DevOps deploys and watches production systems; no model training",
    "Train prediction models (often forward looking or not production-critical)": (
        "the ML researcher trains models for forward-looking work that need not ship"
    ),
    "Distributed system": "the data engineer's output is the distributed system that moves and stores data",
    "Answering business questions using analytics": (
        "the lecture calls 'data scientist' a blanket term for all of the above roles, and says that in some orgs it "
        "means answering business questions using analytics"
    ),
    "Prediction system running on real data (often in production)": "what the ML engineer ships",
    "Build data pipelines, aggregation, storage, monitoring": "the data engineer's work: pipelines and storage",
    "Prediction model or report": (
        "the data scientist's work product: a model or a report, as fits a blanket term that covers several roles"
    ),
    "Prediction model & report describing it": "the ML researcher's output: a model and a write-up of it",
    "Deployed product": "DevOps' output is the deployed product",
}


ASSESSMENT_KINDS = (
    "background_fit",
    "whiteboard_coding",
    "pair_coding",
    "pair_debugging",
    "math_puzzle",
    "take_home",
    "applied_ml",
    "past_projects",
    "ml_theory",
)
ASSESSMENT_KEY = {
    "At a laptop with one of our engineers, write a small rate-limiter class together, talking it through": (
        "pair_coding"
    ),
    "Explain how you would use ML to flag fraudulent card payments: what data, what model, what metric": "applied_ml",
    "Find, together with the interviewer, why this training loop's loss turns NaN after a few hundred steps": (
        "pair_debugging"
    ),
    "On the whiteboard, write a function that merges two sorted lists into one sorted list": "whiteboard_coding",
    "Over the next week, at home, train a model on the data set we send you; return your code and a short report": (
        "take_home"
    ),
    "Show that the matrix x x^T has rank one for any nonzero vector x, and find its nonzero eigenvalue": "math_puzzle",
    "Tell us about yourself, how you like to work, and why you want to join this team": "background_fit",
    "Walk us through your last ML project: what you tried, what did not work, and why": "past_projects",
    "Your model has 2% training error and 15% validation error: is that high bias or high variance?": "ml_theory",
}
ASSESSMENT_WHY = {
    "At a laptop with one of our engineers, write a small rate-limiter class together, talking it through": (
        "ordinary code written together with an interviewer at a keyboard is pair coding, as in SWE interviews"
    ),
    "Explain how you would use ML to flag fraudulent card payments: what data, what model, what metric": (
        "explaining how you would solve a problem with ML is the lecture's applied ML assessment"
    ),
    "Find, together with the interviewer, why this training loop's loss turns NaN after a few hundred steps": (
        "hunting a bug in ML code together with the interviewer is pair debugging, often on ML-specific code"
    ),
    "On the whiteboard, write a function that merges two sorted lists into one sorted list": (
        "a plain programming task on a whiteboard is whiteboard coding, as in SWE interviews"
    ),
    "Over the next week, at home, train a model on the data set we send you; return your code and a short report": (
        "a model built on your own time and handed in is the take-home ML project"
    ),
    "Show that the matrix x x^T has rank one for any nonzero vector x, and find its nonzero eigenvalue": (
        "a short proof about a matrix is a math puzzle; the lecture's example is linear algebra"
    ),
    "Tell us about yourself, how you like to work, and why you want to join this team": (
        "questions about who you are and how you would fit the team are background and culture fit"
    ),
    "Walk us through your last ML project: what you tried, what did not work, and why": (
        "probing what you tried and why things did or didn't work is the previous-ML-projects assessment"
    ),
    "Your model has 2% training error and 15% validation error: is that high bias or high variance?": (
        "bias and variance, overfitting and underfitting are the lecture's examples of ML theory"
    ),
}


@judge("test_roles")
def roles_form(ctx: Context) -> Probe:
    def decide(answer: object) -> Verdict:
        if not isinstance(answer, dict):
            return Verdict.failed("ROLE_FOR must be a dict")
        problems = [f"not a printed item: {k!r}" for k in answer if k not in ROLE_KEY]
        problems += [f"no role for {k!r}" for k in ROLE_KEY if k not in answer]
        roles = set(ROLE_KEY.values())
        problems += [f"{v!r} is not one of the five roles" for v in answer.values() if v not in roles]
        return Verdict.unless(problems, "ROLE_FOR is well formed")

    return Probe(probe_value, {"name": "ROLE_FOR"}, decide)


@judge("test_roles_hidden")
def roles(ctx: Context) -> Probe:
    return choice_probe("ROLE_FOR", ROLE_KEY, ROLE_WHY)


def reference_stalls(acc: list[float], min_gain: float = 0.005) -> list[int]:
    return [i for i in range(1, len(acc)) if acc[i] - acc[i - 1] < min_gain]


def probe_stalls(learner, inputs):
    """Call stalled_weeks on each case; report what it returned and whether it changed its input."""
    out = []
    for case in inputs["cases"]:
        log = list(case["log"])
        try:
            got = {"value": learner.stalled_weeks(log, *case["args"], **case["kwargs"])}
        except Exception as exc:
            got = {"raised": f"{type(exc).__name__}: {exc}"}
        got["changed"] = log != case["log"]
        out.append(got)
    return out


def _is_weeks(value: object) -> bool:
    return isinstance(value, list) and all(type(v) is int for v in value)


def _judge_stalls(cases: list[dict]):
    def decide(results: list) -> Verdict:
        if not isinstance(results, list) or len(results) != len(cases):
            return Verdict.failed("the test's result was incomplete")
        problems = []
        for case, got in zip(cases, results):
            want = reference_stalls(case["log"], *case["args"], **case["kwargs"])
            name = case["name"]
            if "raised" in got:
                problems.append(f"{name}: raised {got['raised']}")
                continue
            value = got.get("value")
            if isinstance(value, Foreign) or not _is_weeks(value):
                problems.append(f"{name}: not a list of week indices")
            elif value != want:
                detail = "" if len(want) > 8 else f" ({value} instead of {want})"
                problems.append(f"{name}: expected {len(want)} stalled weeks, got {len(value)}{detail}")
            if got.get("changed"):
                problems.append(f"{name}: the input list was changed")
        return Verdict.unless(problems, "stalled_weeks is right on every log")

    return decide


@judge("test_stalls")
def stalls_visible(ctx: Context) -> Probe:
    log = [0.50, 0.60, 0.601, 0.58, 0.70]
    cases = [
        {"name": "the five-week log", "log": log, "args": [], "kwargs": {}},
        {"name": "the five-week log with min_gain=0.5", "log": log, "args": [], "kwargs": {"min_gain": 0.5}},
    ]
    return Probe(probe_stalls, {"cases": cases}, _judge_stalls(cases))


def _random_log(ctx: Context, n: int) -> list[float]:
    # weekly changes far from every threshold tested, so that no rounding can matter
    acc = [float(ctx.rng.choice([0.31, 0.42, 0.55]))]
    steps = [-0.03, -0.004, 0.0, 0.001, 0.003, 0.009, 0.02, 0.05]
    for _ in range(n - 1):
        acc.append(acc[-1] + float(ctx.rng.choice(steps)))
    return acc


@judge("test_stalls_hidden")
def stalls(ctx: Context) -> Probe:
    def case(name: str, log: list[float], args: tuple = (), **kwargs: float) -> dict:
        return {"name": name, "log": log, "args": list(args), "kwargs": kwargs}

    cases = [
        case("an empty log", []),
        case("a one-week log", [0.7]),
        case("two equal weeks", [0.7, 0.7]),
        case("two weeks with progress", [0.7, 0.9]),
        case("gains just below and just above 0.005", [0.8, 0.8049, 0.81, 0.8151]),
        case("a gain exactly equal to min_gain (not stalled)", [0.0, 0.25, 0.5, 0.5, 0.625, 1.0], min_gain=0.25),
        case("min_gain given by position", [0.0, 0.25, 0.5, 0.5, 0.625, 1.0], (0.25,)),
        case("drops, flat weeks and gains", _random_log(ctx, 60)),
        case("another project", _random_log(ctx, 45)),
        case("min_gain = 0: only drops", _random_log(ctx, 50), min_gain=0.0),
        case("a negative min_gain: only drops larger than 0.01", _random_log(ctx, 50), min_gain=-0.01),
        case("a large min_gain: every week", _random_log(ctx, 30), min_gain=1.0),
        case("a long log", _random_log(ctx, 3000)),
    ]
    return Probe(probe_stalls, {"cases": cases}, _judge_stalls(cases))


@judge("test_assessments")
def assessments_form(ctx: Context) -> Probe:
    def decide(answer: object) -> Verdict:
        if not isinstance(answer, dict):
            return Verdict.failed("ASSESSMENT_FOR must be a dict")
        problems = [f"not a printed task: {k!r}" for k in answer if k not in ASSESSMENT_KEY]
        problems += [f"no kind of assessment for {k!r}" for k in ASSESSMENT_KEY if k not in answer]
        problems += [f"{v!r} is not one of the nine kinds" for v in answer.values() if v not in ASSESSMENT_KINDS]
        return Verdict.unless(problems, "ASSESSMENT_FOR is well formed")

    return Probe(probe_value, {"name": "ASSESSMENT_FOR"}, decide)


@judge("test_assessments_hidden")
def assessments(ctx: Context) -> Probe:
    return choice_probe("ASSESSMENT_FOR", ASSESSMENT_KEY, ASSESSMENT_WHY)
