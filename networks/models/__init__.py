from networks.models.networks import *  # noqa: F403
