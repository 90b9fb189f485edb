# Wrong: accuracy for the imbalanced NSFW task, where never flagging anything is already about 99% accurate.
METRIC_FOR_TASK = {"house_price": "b", "nsfw_image": "a", "email_category": "d", "voice_owner": "e"}
