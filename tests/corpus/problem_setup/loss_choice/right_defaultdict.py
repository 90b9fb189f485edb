# Right: a defaultdict filled in one task at a time, with a print.
from collections import defaultdict

LOSS_FOR_TASK = defaultdict(str)
LOSS_FOR_TASK["house_price"] = "a"
LOSS_FOR_TASK["nsfw_image"] = "c"
LOSS_FOR_TASK["email_category"] = "b"
LOSS_FOR_TASK["voice_owner"] = "c"
print("my answer:", dict(LOSS_FOR_TASK))
