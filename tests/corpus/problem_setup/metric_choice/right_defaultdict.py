# Right: a defaultdict filled one task at a time.
from collections import defaultdict

METRIC_FOR_TASK = defaultdict(str)
METRIC_FOR_TASK["house_price"] = "b"
METRIC_FOR_TASK["nsfw_image"] = "c"
METRIC_FOR_TASK["email_category"] = "d"
METRIC_FOR_TASK["voice_owner"] = "e"
