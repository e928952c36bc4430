"""HttpOnly session cookies, set by the server rather than by a script in the page.

A Streamlit script talks to the browser over a websocket and cannot send an HTTP header, so a cookie
it sets (``document.cookie`` from ``st.html``) can always be read by any script in the page.
Streamlit 1.67 can serve the app as an ASGI application (``st.App``) with routes of our own:
``serve.py`` adds ``POST /_amur/cookies``. After a sign-in the page posts a one-time ticket there
(valid for a minute, kept in this process's memory, never the token itself), and the response sets
the cookies with ``HttpOnly; SameSite=Strict`` (and ``Secure`` behind HTTPS). Under plain
``streamlit run app.py`` (tests, development) there is no such route and ``pages.ui`` falls back to
a script-set cookie.
"""

from __future__ import annotations

import json
import secrets
import threading
import time

ROUTE = "/_amur/cookies"
SESSION = "amur_session"
DEVICE = "amur_device"
TICKET_SECONDS = 60
_tickets: dict[str, tuple[dict[str, tuple[str, int]], float]] = {}
_lock = threading.Lock()
_served = False


def enable() -> None:
    """Called by ``serve.py``: the route exists in this process."""
    global _served
    _served = True


def served() -> bool:
    return _served


def issue(want: dict[str, tuple[str, int]]) -> str:
    """A one-time ticket for setting ``want`` (cookie name -> (value, max-age seconds; 0 clears))."""
    unknown = set(want) - {SESSION, DEVICE}
    if unknown:
        raise ValueError(f"not our cookies: {sorted(unknown)}")
    ticket = secrets.token_urlsafe(24)
    now = time.monotonic()
    with _lock:
        for old in [t for t, (_, expires) in _tickets.items() if expires < now]:
            del _tickets[old]
        _tickets[ticket] = (dict(want), now + TICKET_SECONDS)
    return ticket


def redeem(ticket: str) -> dict[str, tuple[str, int]] | None:
    with _lock:
        item = _tickets.pop(ticket, None)
    if item is None or item[1] < time.monotonic():
        return None
    return item[0]


def fetch_script(want: dict[str, tuple[str, int]]) -> str:
    """JavaScript that trades a fresh ticket for the cookies (same origin, so they reach the browser)."""
    return (
        f"fetch({json.dumps(ROUTE)}, {{method: 'POST', credentials: 'same-origin', "
        f"headers: {{'Content-Type': 'text/plain'}}, body: {json.dumps(issue(want))}}});"
    )


async def route(request):
    """``POST /_amur/cookies`` with a ticket as the body: 204 and the cookies, or 403."""
    from starlette.responses import Response

    body = (await request.body())[:200].decode("ascii", errors="replace").strip()
    want = redeem(body)
    if want is None:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    secure = request.url.scheme == "https"
    for name, (value, age) in want.items():
        if age <= 0:
            response.delete_cookie(name, path="/", secure=secure, httponly=True, samesite="strict")
        else:
            response.set_cookie(
                name, value, max_age=age, path="/", secure=secure, httponly=True, samesite="strict"
            )
    return response
