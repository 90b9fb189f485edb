# Wrong: swaps the work products of the ML researcher and the data scientist (2 of 10 items wrong).
ROLE_FOR = {
    'Deploy & monitor production systems': 'devops',
    'Deployed product': 'devops',
    'Build data pipelines, aggregation, storage, monitoring': 'data_engineer',
    'Distributed system': 'data_engineer',
    'Train & deploy prediction models': 'ml_engineer',
    'Prediction system running on real data (often in production)': 'ml_engineer',
    'Train prediction models (often forward looking or not production-critical)': 'ml_researcher',
    'Prediction model & report describing it': 'data_scientist',
    'Answering business questions using analytics': 'data_scientist',
    'Prediction model or report': 'ml_researcher',
}
