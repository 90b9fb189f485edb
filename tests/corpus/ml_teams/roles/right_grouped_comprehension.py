# Right: built from a role -> items table with a dict comprehension.
BY_ROLE = {
    "devops": ["Deploy & monitor production systems", "Deployed product"],
    "data_engineer": ["Build data pipelines, aggregation, storage, monitoring", "Distributed system"],
    "ml_engineer": ["Train & deploy prediction models",
                    "Prediction system running on real data (often in production)"],
    "ml_researcher": ["Train prediction models (often forward looking or not production-critical)",
                      "Prediction model & report describing it"],
    "data_scientist": ["Answering business questions using analytics", "Prediction model or report"],
}
ROLE_FOR = {item: role for role, items in BY_ROLE.items() for item in items}
