# Right: built from a kind -> tasks table with a dict comprehension (a defaultdict would do as well).
from collections import defaultdict

BY_KIND = {
    "background_fit": ["Tell us about yourself, how you like to work, and why you want to join this team"],
    "whiteboard_coding": ["On the whiteboard, write a function that merges two sorted lists into one sorted list"],
    "pair_coding": [
        "At a laptop with one of our engineers, write a small rate-limiter class together, talking it through"
    ],
    "pair_debugging": [
        "Find, together with the interviewer, why this training loop's loss turns NaN after a few hundred steps"
    ],
    "math_puzzle": ["Show that the matrix x x^T has rank one for any nonzero vector x, and find its nonzero eigenvalue"],
    "take_home": [
        "Over the next week, at home, train a model on the data set we send you; return your code and a short report"
    ],
    "applied_ml": ["Explain how you would use ML to flag fraudulent card payments: what data, what model, what metric"],
    "past_projects": ["Walk us through your last ML project: what you tried, what did not work, and why"],
    "ml_theory": ["Your model has 2% training error and 15% validation error: is that high bias or high variance?"],
}
ASSESSMENT_FOR = defaultdict(str, {task: kind for kind, tasks in BY_KIND.items() for task in tasks})
