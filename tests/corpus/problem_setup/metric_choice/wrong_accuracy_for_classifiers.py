# Wrong: accuracy for every classification task.
METRIC_FOR_TASK = {"house_price": "b", "nsfw_image": "a", "email_category": "a", "voice_owner": "a"}
