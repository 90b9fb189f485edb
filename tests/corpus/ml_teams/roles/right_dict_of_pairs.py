# Right: dict() of (item, role) pairs, in the printed order (the order of keys does not matter).
ROLE_FOR = dict([
    ("Train & deploy prediction models", "ml_engineer"),
    ("Deploy & monitor production systems", "devops"),
    ("Train prediction models (often forward looking or not production-critical)", "ml_researcher"),
    ("Build data pipelines, aggregation, storage, monitoring", "data_engineer"),
    ("Answering business questions using analytics", "data_scientist"),
    ("Prediction system running on real data (often in production)", "ml_engineer"),
    ("Distributed system", "data_engineer"),
    ("Prediction model or report", "data_scientist"),
    ("Prediction model & report describing it", "ml_researcher"),
    ("Deployed product", "devops"),
])
