"""How many feedback forms one address may send: a few in a while, counted in the cache."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from publishing.security import client_ip

logger = logging.getLogger(__name__)


def key_for(request):
    # Hashed: the cache need not hold residents' addresses in the clear.
    address = client_ip(request) or "unknown"
    return "feedback:sent:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def allow(request):
    """Counts this attempt; False once the address is over the limit for the window."""
    key = key_for(request)
    window = settings.FEEDBACK_RATE_WINDOW_SECONDS
    try:
        cache.add(key, 0, timeout=window)
        try:
            sent = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=window)
            sent = 1
    except Exception as error:
        # An unreachable cache must not stop residents from being heard.
        logger.warning("Feedback rate limit unavailable: %s", error)
        return True
    return sent <= settings.FEEDBACK_RATE_LIMIT


def first_use(token):
    """True the first time a form's token is sent; a replayed form is refused.

    Kept as long as a token is accepted at all, so a copy cannot come back later.
    """
    key = "feedback:token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    try:
        return cache.add(key, 1, timeout=settings.FEEDBACK_MAX_AGE_SECONDS)
    except Exception as error:
        logger.warning("Feedback replay check unavailable: %s", error)
        return True
