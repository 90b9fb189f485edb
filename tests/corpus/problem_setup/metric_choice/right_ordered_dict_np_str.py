# Right: an OrderedDict whose values are NumPy strings (np.str_), both honest subclasses of dict and str.
from collections import OrderedDict

METRIC_FOR_TASK = OrderedDict(
    [("voice_owner", np.str_("e")), ("email_category", np.str_("d")), ("nsfw_image", np.str_("c")),
     ("house_price", np.str_("b"))]
)
