# Wrong: picks CTC for the voice task because its input is audio; the output is one yes/no.
LOSS_FOR_TASK = {
    "house_price": "a",
    "nsfw_image": "c",
    "email_category": "b",
    "voice_owner": "d",
}
