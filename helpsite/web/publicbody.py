"""What a Danish public body's site must have: the owner's contacts in the footer, `/was`, security.txt,
robots.txt.

Every value comes from the owner's settings (helpsite/owner.py); an unset one is left out of the page,
never guessed. The footer's report link is a `mailto:`: nothing is sent to or stored by this site.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask, Response, current_app, g, render_template, request
from werkzeug.exceptions import NotFound

from ..content.contacts import Contact
from ..languages import DEFAULT_LANGUAGE, today
from ..owner import security_contact_uri, security_expires, usable
from .handouts import public_url
from .views import crisis_lines


def setting(key: str) -> str:
    """An owner setting as the pages may show it ("" when unset or malformed)."""
    return usable(current_app.config, key)


def report_href(email: str, path: str) -> str:
    """A `mailto:` to the editors naming the page (its path, never a query) in the subject."""
    # In Danish: the editors read it; the reader sees it in her own e-mail program before sending.
    subject = f"Forkert nummer eller link på {path}"
    return f"mailto:{email}?subject={quote(subject, safe='/')}"


def _owner_context() -> dict:
    email, phone = setting("EDITORIAL_EMAIL"), setting("EDITORIAL_PHONE")
    return {
        "owner": {
            "name": setting("OWNER"),
            "email": email,
            "phone": Contact("phone", phone) if phone else None,
            "accessibility": setting("ACCESSIBILITY_URL"),
            "dpo": setting("DPO_EMAIL"),
            "report": report_href(email, request.path) if email else "",
        }
    }


def was() -> Response | tuple[str, int]:
    """`/was`: the accessibility statement in WAS-Tool (303), or a 404 page saying it is not published."""
    target = setting("ACCESSIBILITY_URL")
    if target:
        response = Response(status=303, headers={"Location": target})
        return response
    g.lang = DEFAULT_LANGUAGE
    page = render_template("errors/error.html", error=NotFound(), crisis_lines=crisis_lines(g.lang), was=True)
    return page, 404


def security_txt() -> Response:
    """RFC 9116: who to tell about a vulnerability; 404 while the contact or expiry is not set."""
    contact = security_contact_uri(setting("SECURITY_CONTACT"))
    expires = security_expires(setting("SECURITY_EXPIRES"))
    if contact is None or expires is None:
        return Response("security.txt is not configured yet.\n", status=404, mimetype="text/plain")
    lines = [
        f"Contact: {contact}",
        # The end of the day in Copenhagen would need a zone; RFC 9116 asks for RFC 3339 in UTC.
        f"Expires: {expires.isoformat()}T23:59:59Z",
        "Preferred-Languages: da, en",
    ]
    public = public_url()
    if public and public.startswith("https://"):
        lines.append(f"Canonical: {public}/.well-known/security.txt")
    if expires <= today():
        lines.insert(0, "# Expired: the site's operator must renew HELPSITE_SECURITY_EXPIRES.")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


def robots_txt() -> Response:
    """Search engines may read every public page; the API and the handout builder are not for them."""
    lines = ["User-agent: *", "Disallow: /api/", "Disallow: /*/sheet", "Allow: /"]
    # Sitemap needs an absolute address (RFC 9309 leaves it to the sitemaps protocol): the public one.
    public = public_url()
    lines.append(f"Sitemap: {public or request.host_url.rstrip('/')}/sitemap.xml")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


def init_app(app: Flask) -> None:
    """Register `/was`, `/.well-known/security.txt`, `/robots.txt` and the footer's owner values."""
    app.add_url_rule("/was", "was", was)
    app.add_url_rule("/.well-known/security.txt", "security_txt", security_txt)
    app.add_url_rule("/robots.txt", "robots_txt", robots_txt)
    app.context_processor(_owner_context)
