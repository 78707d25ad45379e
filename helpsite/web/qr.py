"""QR codes as inline SVG, drawn on the server: no request elsewhere, nothing for the CSP to refuse."""

from __future__ import annotations

import io
import re
from functools import lru_cache

import segno
from markupsafe import Markup, escape

# A style="" attribute would be refused by the CSP (no 'unsafe-inline'); sizes come from CSS classes.
_STYLE = re.compile(r"\s+style=\"[^\"]*\"")


@lru_cache(maxsize=64)
def qr_svg(text: str, label: str, css_class: str = "qr") -> Markup:
    """`text` as a QR code: an <svg> with role="img", named `label`, sized by `css_class` in CSS."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    # border=4: the quiet zone the QR standard asks for, so phone cameras find the code on paper.
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        border=4,
        omitsize=True,
        svgclass=css_class,
        lineclass=None,
    )
    svg = _STYLE.sub("", out.getvalue().decode("ascii"))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1)
    return Markup(svg)
