# Wrong: image classification -> categorical cross-entropy for the nsfw task, and uses upper-case letters.
LOSS_FOR_TASK = {
    "house_price": "A",
    "nsfw_image": "B",
    "email_category": "B",
    "voice_owner": "C",
}
