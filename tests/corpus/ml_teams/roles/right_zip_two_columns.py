# Right: the table's two columns zipped with the role ids, one loop filling the dict.
roles = ["devops", "data_engineer", "ml_engineer", "ml_researcher", "data_scientist"]
functions = [
    "Deploy & monitor production systems",
    "Build data pipelines, aggregation, storage, monitoring",
    "Train & deploy prediction models",
    "Train prediction models (often forward looking or not production-critical)",
    "Answering business questions using analytics",
]
products = [
    "Deployed product",
    "Distributed system",
    "Prediction system running on real data (often in production)",
    "Prediction model & report describing it",
    "Prediction model or report",
]
ROLE_FOR = {}
for role, function, product in zip(roles, functions, products):
    ROLE_FOR[function] = role
    ROLE_FOR[product] = role
