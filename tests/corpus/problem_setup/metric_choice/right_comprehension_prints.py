# Right: built by a comprehension from the options' names, with a print.
OPTIONS = {"accuracy": "a", "MAE or RMSE": "b", "precision and recall": "c", "macro F1": "d",
           "FAR at fixed FRR": "e"}
CHOSEN = {"house_price": "MAE or RMSE", "nsfw_image": "precision and recall", "email_category": "macro F1",
          "voice_owner": "FAR at fixed FRR"}
METRIC_FOR_TASK = {task: OPTIONS[name] for task, name in CHOSEN.items()}
print(METRIC_FOR_TASK)
