# Right: the same answer written with the dict() constructor, in another key order.
LOSS_FOR_TASK = dict(voice_owner="c", email_category="b", nsfw_image="c", house_price="a")
