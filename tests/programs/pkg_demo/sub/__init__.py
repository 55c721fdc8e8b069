from ..util import LOG

LOG.append("sub loaded")
