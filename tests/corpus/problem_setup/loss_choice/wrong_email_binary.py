# Wrong: reads the email task as spam-or-not (c), but there are four categories.
LOSS_FOR_TASK = {
    "house_price": "a",
    "nsfw_image": "c",
    "email_category": "c",
    "voice_owner": "c",
}
