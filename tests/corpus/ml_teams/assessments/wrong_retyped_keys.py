# Wrong: keys retyped by hand ("x xT", "NaN loss"), so two tasks are missing (right kinds otherwise).
ASSESSMENT_FOR = {
    'Tell us about yourself, how you like to work, and why you want to join this team': 'background_fit',
    'On the whiteboard, write a function that merges two sorted lists into one sorted list': 'whiteboard_coding',
    'At a laptop with one of our engineers, write a small rate-limiter class together, talking it through': 'pair_coding',
    "Find, together with the interviewer, why this training loop's NaN loss appears after a few hundred steps": 'pair_debugging',
    'Show that the matrix x xT has rank one for any nonzero vector x, and find its nonzero eigenvalue': 'math_puzzle',
    'Over the next week, at home, train a model on the data set we send you; return your code and a short report': 'take_home',
    'Explain how you would use ML to flag fraudulent card payments: what data, what model, what metric': 'applied_ml',
    'Walk us through your last ML project: what you tried, what did not work, and why': 'past_projects',
    'Your model has 2% training error and 15% validation error: is that high bias or high variance?': 'ml_theory',
}
