# Wrong: treats "whose voice is it" as classification over many speakers (b), but the task is yes/no.
LOSS_FOR_TASK = {
    "house_price": "a",
    "nsfw_image": "c",
    "email_category": "b",
    "voice_owner": "b",
}
