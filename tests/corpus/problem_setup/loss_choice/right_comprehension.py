# Right: the answer built by a comprehension from the options' names.
OPTIONS = {"mean squared error": "a", "categorical cross-entropy": "b", "binary cross-entropy": "c",
           "CTC loss": "d", "GAN loss": "e"}
CHOSEN = {"house_price": "mean squared error", "nsfw_image": "binary cross-entropy",
          "email_category": "categorical cross-entropy", "voice_owner": "binary cross-entropy"}
LOSS_FOR_TASK = {task: OPTIONS[name] for task, name in CHOSEN.items()}
