# Wrong: 'Distributed system' to DevOps and 'Deployed product' to the ML engineer (2 of 10 items wrong).
ROLE_FOR = {
    'Deploy & monitor production systems': 'devops',
    'Deployed product': 'ml_engineer',
    'Build data pipelines, aggregation, storage, monitoring': 'data_engineer',
    'Distributed system': 'devops',
    'Train & deploy prediction models': 'ml_engineer',
    'Prediction system running on real data (often in production)': 'ml_engineer',
    'Train prediction models (often forward looking or not production-critical)': 'ml_researcher',
    'Prediction model & report describing it': 'ml_researcher',
    'Answering business questions using analytics': 'data_scientist',
    'Prediction model or report': 'data_scientist',
}
