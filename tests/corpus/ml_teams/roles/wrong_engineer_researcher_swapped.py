# Wrong: swaps the ML engineer's and the ML researcher's job functions and work products (4 of 10 items wrong).
ROLE_FOR = {
    'Deploy & monitor production systems': 'devops',
    'Deployed product': 'devops',
    'Build data pipelines, aggregation, storage, monitoring': 'data_engineer',
    'Distributed system': 'data_engineer',
    'Train & deploy prediction models': 'ml_researcher',
    'Prediction system running on real data (often in production)': 'ml_researcher',
    'Train prediction models (often forward looking or not production-critical)': 'ml_engineer',
    'Prediction model & report describing it': 'ml_engineer',
    'Answering business questions using analytics': 'data_scientist',
    'Prediction model or report': 'data_scientist',
}
