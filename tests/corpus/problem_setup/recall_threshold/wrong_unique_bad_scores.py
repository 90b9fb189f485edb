# Wrong: ties: removes repeated bad-post scores before counting, so tied bad posts count once and the threshold drops.
import math


def threshold_for_recall(scores, labels, target_recall):
    scores, labels = np.asarray(scores), np.asarray(labels)
    bad = scores[labels == 1]
    if len(bad) == 0:
        raise ValueError("no bad posts")
    distinct = np.unique(bad)[::-1]
    k = math.ceil(target_recall * len(bad))
    return float(distinct[min(k, len(distinct)) - 1])
