# Right: an OrderedDict whose values are NumPy strings (np.str_), both honest subclasses of dict and str.
from collections import OrderedDict

import numpy as np

LOSS_FOR_TASK = OrderedDict(
    [("house_price", np.str_("a")), ("nsfw_image", np.str_("c")), ("email_category", np.str_("b")),
     ("voice_owner", np.str_("c"))]
)
