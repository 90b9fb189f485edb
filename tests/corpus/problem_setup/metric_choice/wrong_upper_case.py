# Wrong: upper-case letters; the options are the lower-case letters "a".."e".
METRIC_FOR_TASK = {"house_price": "B", "nsfw_image": "C", "email_category": "D", "voice_owner": "E"}
