# Wrong: answers with the loss letters of loss_functions.ipynb (a, c, b, c) instead of the metric options.
METRIC_FOR_TASK = {"house_price": "a", "nsfw_image": "c", "email_category": "b", "voice_owner": "c"}
