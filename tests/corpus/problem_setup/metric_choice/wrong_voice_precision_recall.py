# Wrong: treats voice unlock like content moderation (c) and NSFW like verification (e).
METRIC_FOR_TASK = {"house_price": "b", "nsfw_image": "e", "email_category": "d", "voice_owner": "c"}
