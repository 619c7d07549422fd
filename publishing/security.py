"""Sign-in protection helpers."""


def client_ip(request):
    """The address the site's own proxy saw: the last X-Forwarded-For entry.

    Earlier entries are whatever the client claimed, so counting failed logins by
    them would let an attacker dodge the lock-out by sending a new one each time.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
