# Right: a dict literal, grouped role by role.
ROLE_FOR = {
    'Deploy & monitor production systems': 'devops',
    'Deployed product': 'devops',
    'Build data pipelines, aggregation, storage, monitoring': 'data_engineer',
    'Distributed system': 'data_engineer',
    'Train & deploy prediction models': 'ml_engineer',
    'Prediction system running on real data (often in production)': 'ml_engineer',
    'Train prediction models (often forward looking or not production-critical)': 'ml_researcher',
    'Prediction model & report describing it': 'ml_researcher',
    'Answering business questions using analytics': 'data_scientist',
    'Prediction model or report': 'data_scientist',
}
