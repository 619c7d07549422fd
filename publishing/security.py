from django.conf import settings


def client_ip(request):
    """The address of whoever sent the request, as far as this site can trust it.

    Behind ``TRUSTED_PROXY_HOPS`` proxies that each append the address they saw to
    X-Forwarded-For, that address is the entry that many places from the end; earlier
    entries are whatever the client claimed, so counting failed sign-ins or feedback by
    them would let anyone dodge the limit with a new one each time. With no proxy (0),
    the header is the client's own invention and only the socket's address counts.
    """
    hops = settings.TRUSTED_PROXY_HOPS
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")
