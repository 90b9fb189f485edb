# Wrong: the roles' display titles ('ML engineer') instead of their ids ('ml_engineer').
ROLE_FOR = {
    'Deploy & monitor production systems': 'DevOps engineer',
    'Deployed product': 'DevOps engineer',
    'Build data pipelines, aggregation, storage, monitoring': 'Data engineer',
    'Distributed system': 'Data engineer',
    'Train & deploy prediction models': 'ML engineer',
    'Prediction system running on real data (often in production)': 'ML engineer',
    'Train prediction models (often forward looking or not production-critical)': 'ML researcher',
    'Prediction model & report describing it': 'ML researcher',
    'Answering business questions using analytics': 'Data scientist',
    'Prediction model or report': 'Data scientist',
}
