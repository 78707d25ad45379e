"""Load and validate the Markdown content into immutable objects; language fallback."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import frontmatter
import markdown
import nh3
import phonenumbers
import yaml
from phonenumbers import shortnumberinfo

DEFAULT_LANGUAGE = "da"
TIMEZONE = ZoneInfo("Europe/Copenhagen")

CATEGORIES = (
    "hotline",
    "crisis-centre",
    "perpetrators",
    "honour",
    "children",
    "municipal",
    "emergency",
    "victim-support",
)
AUDIENCES = ("victims", "relatives", "perpetrators", "young", "professionals")
CONTACT_KINDS = ("phone", "sms", "email", "web")
TRANSLATION_STATES = ("draft", "reviewed")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
STALE_AFTER_DAYS = 180

SERVICE_FIELDS = {
    "name": "required",
    "summary": "required",
    "category": "required",
    "audiences": "required",
    "crisis_line": "optional",
    "order": "optional",
    "contacts": "optional",  # none confirmed: the page points to 1888 instead
    "hours": "optional",
    "free": "optional",
    "anonymous": "optional",
    "languages": "optional",
    "keywords": "optional",
    "verified": "required",
    "sources": "required",
    "organization": "optional",  # who runs it, when that is not the service itself
    "id": "optional",  # the id is the file name; written out, it must match
}
PAGE_FIELDS = {
    "title": "required",
    "summary": "required",
    "order": "optional",
    "keywords": "optional",
    "verified": "optional",
    "sources": "optional",
    "id": "optional",
}
# A translation holds text only: it can never change a number, an hour or a category.
SERVICE_TRANSLATION_FIELDS = {
    "name": "required",
    "summary": "required",
    "translation": "required",
    "keywords": "optional",
    "source": "optional",
    "id": "optional",
}
PAGE_TRANSLATION_FIELDS = {
    "title": "required",
    "summary": "required",
    "translation": "required",
    "keywords": "optional",
    "source": "optional",
    "id": "optional",
}
# Field names an editor may use for contact details; in a translation they are always a mistake.
CONTACT_FIELDS = frozenset(
    ("contacts", "phone", "phones", "telephone", "tel", "telefon", "sms", "email", "e-mail", "mail",
     "web", "url", "website", "homepage", "hjemmeside", "address", "adresse")
)  # fmt: skip
# Emergency and harmonised short numbers that are valid in Denmark whatever a library's data says.
SHORT_NUMBERS = re.compile(r"112|114|1888|116\d{3}")

# Numbers from the fact sheet's DO-NOT-PUBLISH list: obsolete, malformed or never confirmed.
# Matched with any spacing, so "70202082" and "70 20 30 82" are both caught.
FORBIDDEN_NUMBERS = ("70203082", "70277666", "70114503", "33116067", "82515200")

SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "hr", "i", "li", "ol", "p", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
LINK_PREFIX = "/__lang__/"  # replaced by the reader's language when a page is rendered


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One mistake in a content file, said so that an editor can fix it."""

    path: str
    line: int
    message: str
    fix: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        label = "" if self.severity == "error" else "warning: "
        return f"{self.path}:{self.line}: {label}{self.message}: {self.fix}"


class ContentError(Exception):
    """The content has errors; `problems` lists every one of them."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(
            "\n".join(str(p) for p in errors) + f"\n{len(errors)} content error(s); the site was not started."
        )


# --------------------------------------------------------------------------- objects


@dataclass(frozen=True)
class Contact:
    """One way to reach a service: phone, SMS, e-mail or web."""

    kind: str
    value: str

    @property
    def digits(self) -> str:
        """The number without spaces (phone and SMS)."""
        return re.sub(r"\D", "", self.value)

    @property
    def href(self) -> str:
        """The link target: tel:, sms:, mailto: or the web address."""
        if self.kind in ("phone", "sms"):
            number = f"+45{self.digits}" if len(self.digits) == 8 else self.digits
            return f"{'tel' if self.kind == 'phone' else 'sms'}:{number}"
        if self.kind == "email":
            return f"mailto:{self.value}"
        return self.value

    @property
    def display(self) -> str:
        """The value as a person reads it (a web address without its scheme)."""
        if self.kind == "web":
            return re.sub(r"^https?://(www\.)?", "", self.value).rstrip("/")
        return self.value


@dataclass(frozen=True)
class Slot:
    """Opening hours on some weekdays, in Danish local time."""

    days: tuple[int, ...]  # 0 = Monday
    opens: dt.time
    closes: dt.time

    def covers(self, moment: dt.datetime) -> bool:
        """True when `moment` (local time) falls in this slot."""
        return moment.weekday() in self.days and self.opens <= moment.time() < self.closes


@dataclass(frozen=True)
class Hours:
    """When a service can be reached: always, or a set of weekly slots."""

    always: bool
    slots: tuple[Slot, ...] = ()

    def is_open(self, now: dt.datetime | None = None) -> bool:
        """True when the service is open at `now` (default: this moment in Copenhagen)."""
        if self.always:
            return True
        moment = (now or dt.datetime.now(TIMEZONE)).astimezone(TIMEZONE)
        return any(slot.covers(moment) for slot in self.slots)


@dataclass(frozen=True)
class Text:
    """The words of a service or page in one language."""

    lang: str
    title: str
    summary: str
    body_html: str
    body_text: str
    keywords: tuple[str, ...]
    translation: str  # "original" for the Danish file, else draft | reviewed
    path: str
    source: str | None = None  # fingerprint of the Danish file this translates
    links: tuple[tuple[str, str, int], ...] = ()  # (kind, target, line) of internal links

    def html(self, lang: str) -> str:
        """The body with internal links pointing into `lang`."""
        return self.body_html.replace(LINK_PREFIX, f"/{lang}/")


@dataclass(frozen=True)
class Service:
    """One directory entry: structured data from the Danish file, texts by language."""

    id: str
    category: str
    audiences: tuple[str, ...]
    crisis_line: bool
    order: int
    contacts: tuple[Contact, ...]
    hours: Hours | None
    free: bool | None
    anonymous: bool | None
    languages: tuple[str, ...]
    keywords: tuple[str, ...]
    verified: dt.date
    sources: tuple[str, ...]
    path: str
    fingerprint: str
    texts: Mapping[str, Text]
    organization: str | None = None  # who runs it, when that is not the service itself

    @property
    def phones(self) -> tuple[Contact, ...]:
        """The phone contacts, in order."""
        return tuple(c for c in self.contacts if c.kind == "phone")


@dataclass(frozen=True)
class Page:
    """A content page: about, recognising violence, for professionals, safety."""

    slug: str
    order: int
    verified: dt.date | None
    sources: tuple[str, ...]
    path: str
    fingerprint: str
    texts: Mapping[str, Text]


@dataclass(frozen=True)
class Localised:
    """A service or page as shown in one language, with the fallback made explicit."""

    item: Service | Page
    text: Text
    lang: str

    @property
    def fallback(self) -> bool:
        """True when the text is not in the reader's language (Danish shown instead)."""
        return self.text.lang != self.lang

    @property
    def draft(self) -> bool:
        """True when the text is a translation nobody has reviewed yet."""
        return self.text.translation == "draft"

    @property
    def html(self) -> str:
        """The body HTML with links into the reader's language."""
        return self.text.html(self.lang)


@dataclass(frozen=True)
class Content:
    """Everything under site/content/, loaded once and never changed."""

    services: Mapping[str, Service]
    pages: Mapping[str, Page]
    synonyms: tuple[tuple[str, ...], ...]
    fingerprint: str
    warnings: tuple[Problem, ...] = field(default=())

    def service(self, service_id: str, lang: str) -> Localised | None:
        """The service in `lang`, falling back to Danish; None when there is no such id."""
        found = self.services.get(service_id)
        return None if found is None else localise(found, lang)

    def page(self, slug: str, lang: str) -> Localised | None:
        """The page in `lang`, falling back to Danish; None when there is no such slug."""
        found = self.pages.get(slug)
        return None if found is None else localise(found, lang)

    def list_services(
        self, lang: str, category: str | None = None, audience: str | None = None
    ) -> list[Localised]:
        """Services in display order, optionally only one category or audience."""
        return [
            localise(s, lang)
            for s in sorted(self.services.values(), key=lambda s: (s.order, s.id))
            if (category is None or s.category == category) and (audience is None or audience in s.audiences)
        ]

    def list_pages(self, lang: str) -> list[Localised]:
        """Pages in display order."""
        return [localise(p, lang) for p in sorted(self.pages.values(), key=lambda p: (p.order, p.slug))]


def localise(item: Service | Page, lang: str) -> Localised:
    """The one place where a missing translation falls back to Danish."""
    return Localised(item, item.texts.get(lang) or item.texts[DEFAULT_LANGUAGE], lang)


# --------------------------------------------------------------------------- parsing


@dataclass
class _Source:
    """A content file split into front matter and body, with line numbers for each key."""

    path: Path
    rel: str
    meta: dict
    body: str
    body_line: int
    lines: dict[str, int]
    item_lines: dict[str, list[int]]
    fingerprint: str
    text: str  # the whole file, read once, for the checks that scan every line


class _Collector:
    """Gathers problems while a file is read, so one run reports every mistake."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # (kind, id) of Danish files that exist but could not be read: their problem is reported
        # once, so translations of them and links to them do not each report it again.
        self.unreadable: set[tuple[str, str]] = set()

    def add(self, src: _Source | str, key_or_line: str | int, message: str, fix: str, warn=False) -> None:
        rel = src if isinstance(src, str) else src.rel
        if isinstance(key_or_line, int):
            line = key_or_line
        else:
            line = src.lines.get(key_or_line, 1) if isinstance(src, _Source) else 1
        self.problems.append(Problem(rel, line, message, fix, "warning" if warn else "error"))


def _read(path: Path, root: Path, out: _Collector) -> _Source | None:
    rel = _relative(path, root)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        out.add(rel, 1, "the file is not UTF-8 text", f"save it as UTF-8 ({exc.reason})")
        return None
    fingerprint = text_fingerprint(raw)
    raw = raw.lstrip("\ufeff")
    if not raw.startswith("---"):
        out.add(rel, 1, "the file does not start with front matter", "begin the file with a line '---'")
        return None
    fm_text, body = frontmatter.YAMLHandler().split(raw)
    if raw.split("\n", 1)[0].strip() != "---" or not re.search(r"^---\s*$", raw[3:], re.M):
        out.add(rel, 1, "the front matter is not closed", "put a line '---' after the last field")
        return None
    try:
        node = yaml.compose(fm_text, Loader=_FAST_LOADER)
        meta = yaml.load(fm_text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        # Parse again with the pure-Python parser: its messages are the ones _yaml_advice explains.
        try:
            yaml.compose(fm_text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            problem = str(getattr(exc, "problem", None) or exc)
            mark = getattr(exc, "problem_mark", None)
            if "expected ',' or" in problem:  # an unclosed [ or {: point at where it opens
                mark = getattr(exc, "context_mark", None) or mark
            line = mark.line + 1 if mark else 1  # the split keeps the newline after the opening ---
            message, fix = _yaml_advice(problem)
            out.add(rel, line, message, fix)
            return None
        # Only libyaml refused it (rare characters it does not take): still a file to fix.
        out.add(rel, 1, "the front matter could not be read", "look for unusual characters and remove them")
        return None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict) or not isinstance(node, yaml.MappingNode):
        out.add(rel, 2, "the front matter must be a list of 'field: value' lines", "write one field per line")
        return None
    lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in lines:  # YAML would silently keep only the last one
            out.add(
                rel,
                key_node.start_mark.line + 1,
                f"the field '{key}' appears twice (first on line {lines[key]})",
                "keep one of the two lines and delete the other",
            )
        lines[key] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = [item.start_mark.line + 1 for item in value_node.value]
    body_line = fm_text.count("\n") + 1  # the line of the closing ---; body lines follow
    return _Source(path, rel, meta, body, body_line, lines, item_lines, fingerprint, raw)


def text_fingerprint(raw: str) -> str:
    """The fingerprint of one file's text: what a translation's `source:` records of its original."""
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


# libyaml when it is there (20 times faster); line numbers and node types are the same.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_advice(problem: str) -> tuple[str, str]:
    """A YAML parser message said so that an editor knows what to change."""
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        why, fix = "a list in [ ] or { } is not closed", "end it with ] or }, on the same line"
    elif "\\t" in problem or "\t" in problem:
        why, fix = "it contains a tab character", "indent with spaces, never with tabs"
    elif "mapping values are not allowed" in problem:
        why, fix = "a value contains ':' without quotes", 'put the value in quotes: summary: "Tid: 24 timer"'
    elif "could not find expected ':'" in problem:
        why, fix = "a line has no ':'", "write every field as 'name: value', or indent a continued line"
    elif "found unexpected end of stream" in problem or "quoted scalar" in problem:
        why, fix = "a quotation mark is not closed", "end the value with the quotation mark it starts with"
    elif "expected <block end>" in problem or "did not find expected" in problem:
        why, fix = "the indentation is uneven", "indent every item of a list by the same number of spaces"
    else:
        why, fix = problem, "check the indentation and put text containing ':' or '#' in quotes"
    return f"the front matter is not valid YAML: {why}", fix


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent.parent))
    except ValueError:
        return str(path)


_MISSING_FIX = {
    "verified": "add 'verified: YYYY-MM-DD', the day a person last checked the contacts against the sources",
    "sources": "add 'sources:' and below it one '  - https://...' line per page the facts were checked on",
    "translation": "add 'translation: draft', or 'translation: reviewed' once a second person has checked it",
}


def _check_fields(src: _Source, allowed: dict[str, str], out: _Collector, what: str) -> None:
    names = ", ".join(k for k in allowed if k != "id")
    base, lang = _split_name(src.path)
    danish = f"{base}.md"
    for raw_key in src.meta:
        key = str(raw_key)
        if key in allowed:
            continue
        if lang != DEFAULT_LANGUAGE and key in CONTACT_FIELDS:
            out.add(
                src,
                key,
                f"'{key}' is contact information, and a translation cannot hold it",
                f"contacts live only in the Danish file: delete the line here and check {danish}",
            )
        elif lang != DEFAULT_LANGUAGE and (key in SERVICE_FIELDS or key in PAGE_FIELDS):
            out.add(
                src,
                key,
                f"'{key}' cannot be set in a translation",
                f"hours, categories and dates live only in the Danish file: delete it; edit {danish}",
            )
        elif key in CONTACT_FIELDS:
            out.add(
                src,
                key,
                f"unknown field '{key}' in a {what}",
                "write contact details under 'contacts:' as '  - kind: phone' and '    value: \"1888\"'",
            )
        else:
            close = difflib.get_close_matches(key, [k for k in allowed if k != "id"], n=1, cutoff=0.75)
            fix = f"did you mean '{close[0]}'? Otherwise delete it" if close else f"delete it or use: {names}"
            out.add(src, key, f"unknown field '{key}' in a {what}", fix)
    for key, need in allowed.items():
        if need == "required" and (key not in src.meta or src.meta[key] in (None, "", [])):
            out.add(
                src,
                key if key in src.lines else 2,
                f"the field '{key}' is missing",
                _MISSING_FIX.get(key, f"add '{key}:' to the front matter"),
            )
    if "id" in src.meta and str(src.meta["id"]) != base:
        out.add(
            src,
            "id",
            f"the id '{src.meta['id']}' does not match the file name {src.path.name}",
            f"the file name is the id: delete the 'id:' line, or rename the file to {src.meta['id']}.md",
        )


def _text_list(src: _Source, key: str, out: _Collector) -> tuple[str, ...]:
    value = src.meta.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        out.add(src, key, f"'{key}' must be a list of words", f"write it as {key}: [word, word]")
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def _string(src: _Source, key: str, out: _Collector) -> str:
    value = src.meta.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        out.add(src, key, f"'{key}' must be plain text", f"write {key}: followed by the text on one line")
        return ""
    return str(value).strip()


def _date(src: _Source, key: str, out: _Collector, today: dt.date) -> dt.date | None:
    value = src.meta.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        out.add(
            src, key, f"'{key}' is not a date", f"write it as {key}: {today.isoformat()} (year-month-day)"
        )
        return None
    if value > today:
        out.add(src, key, f"'{key}' is in the future ({value})", "write the date the facts were last checked")
    elif (today - value).days > STALE_AFTER_DAYS:
        out.add(
            src,
            key,
            f"'{key}' is {(today - value).days} days old (older than {STALE_AFTER_DAYS} days)",
            "check every number and hour against the sources, then set today's date",
            warn=True,
        )
    return value


def _sources(src: _Source, out: _Collector) -> tuple[str, ...]:
    urls = _text_list(src, "sources", out)
    for i, url in enumerate(urls):
        if not re.match(r"^https?://\S+$", url):
            lines = src.item_lines.get("sources", [])
            out.add(
                src,
                lines[i] if i < len(lines) else src.lines.get("sources", 1),
                f"the source '{url}' is not a web address",
                "give the full address, starting with https://",
            )
    return urls


def _phone_problem(value: str) -> str | None:
    """Why `value` is not a valid Danish number, or None when it is."""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"(\+45)?\d{3,8}", digits):
        return f"'{value}' is not a Danish phone number"
    if SHORT_NUMBERS.fullmatch(digits):
        return None
    try:
        number = phonenumbers.parse(digits, "DK")
    except phonenumbers.NumberParseException:
        return f"'{value}' is not a Danish phone number"
    if phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number(number):
        return None
    return f"'{value}' is not a valid Danish phone number"


def _contacts(src: _Source, out: _Collector) -> tuple[Contact, ...]:
    raw = src.meta.get("contacts") or []
    lines = src.item_lines.get("contacts", [])
    if not isinstance(raw, list):
        out.add(src, "contacts", "'contacts' must be a list", "start each contact with '  - kind: phone'")
        return ()
    contacts = []
    for i, item in enumerate(raw):
        line = lines[i] if i < len(lines) else src.lines.get("contacts", 1)
        if not isinstance(item, dict) or set(item) - {"kind", "value"} or not {"kind", "value"} <= set(item):
            out.add(
                src,
                line,
                "a contact needs exactly 'kind' and 'value'",
                "write '- kind: phone' and '  value: \"1888\"'",
            )
            continue
        kind, value = str(item["kind"]), str(item["value"]).strip()
        if kind not in CONTACT_KINDS:
            out.add(src, line, f"unknown contact kind '{kind}'", f"use one of: {', '.join(CONTACT_KINDS)}")
            continue
        if kind in ("phone", "sms"):
            why = _phone_problem(value)
            if why:
                out.add(src, line, why, 'write a confirmed number such as "1888" or "33 33 00 47"')
                continue
        elif kind == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", value):
            out.add(src, line, f"'{value}' is not an e-mail address", "write it as name@example.dk")
            continue
        elif kind == "web" and not re.fullmatch(r"https?://[^\s]+", value):
            out.add(
                src, line, f"'{value}' is not a web address", "give the full address, starting with https://"
            )
            continue
        contacts.append(Contact(kind, value))
    return tuple(contacts)


def _parse_time(value: object) -> dt.time | None:
    if isinstance(value, int):  # YAML reads 08:00 unquoted as sexagesimal minutes
        return dt.time(value // 60, value % 60) if 0 <= value < 24 * 60 else None
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", str(value).strip())
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour == 24 and minute == 0:
        return dt.time.max
    return dt.time(hour, minute) if hour < 24 and minute < 60 else None


def _parse_days(value: object) -> tuple[int, ...] | None:
    days: list[int] = []
    for part in str(value).lower().replace(" ", "").split(","):
        ends = part.split("-")
        if len(ends) > 2 or any(end not in DAYS for end in ends):
            return None
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        if last < first:
            return None
        days.extend(range(first, last + 1))
    return tuple(sorted(set(days)))


def _hours(src: _Source, out: _Collector) -> Hours | None:
    raw = src.meta.get("hours")
    if raw is None:
        return None
    if raw == "always":
        return Hours(always=True)
    fix = 'write \'hours: always\' or a list such as [{days: mon-fri, open: "08:00", close: "14:00"}]'
    if not isinstance(raw, list) or not raw:
        out.add(src, "hours", "'hours' is not understood", fix)
        return None
    slots = []
    lines = src.item_lines.get("hours", [])
    for i, item in enumerate(raw):
        line = lines[i] if i < len(lines) else src.lines.get("hours", 1)
        if not isinstance(item, dict) or set(item) != {"days", "open", "close"}:
            out.add(src, line, "an opening-hours line needs 'days', 'open' and 'close'", fix)
            continue
        days, opens, closes = _parse_days(item["days"]), _parse_time(item["open"]), _parse_time(item["close"])
        if days is None:
            out.add(
                src,
                line,
                f"the days '{item['days']}' are not understood",
                f"use {', '.join(DAYS)}, e.g. mon-fri",
            )
        elif opens is None or closes is None or closes <= opens:
            out.add(
                src,
                line,
                "the opening or closing time is not understood",
                'write times as "08:00" and "14:00"',
            )
        else:
            slots.append(Slot(days, opens, closes))
    return Hours(always=False, slots=tuple(slots)) if slots else None


def _flag(src: _Source, key: str, out: _Collector) -> bool | None:
    value = src.meta.get(key)
    if value is None or isinstance(value, bool):
        return value
    out.add(
        src,
        key,
        f"'{key}' must be true or false",
        f"write {key}: true, or remove the line if it is not confirmed",
    )
    return None


def _order(src: _Source, out: _Collector) -> int:
    value = src.meta.get("order", 100)
    if not isinstance(value, int) or isinstance(value, bool):
        out.add(src, "order", "'order' must be a whole number", "write order: 1 for the first entry")
        return 100
    return value


_DIGIT_GAP = re.compile(r"(?<=\d)[\s.-](?=\d)")  # "70 20 30 82" and "70.20.30.82" are 70203082


def _forbidden(src: _Source, out: _Collector) -> None:
    squeezed = _DIGIT_GAP.sub("", src.text)
    for number in FORBIDDEN_NUMBERS:
        if number in squeezed:
            line = next(
                (i for i, ln in enumerate(src.text.splitlines(), 1) if number in _DIGIT_GAP.sub("", ln)),
                1,
            )
            out.add(
                src,
                line,
                f"the number {number} is on the DO-NOT-PUBLISH list (obsolete or never confirmed)",
                "remove it; link to the organisation's website and point to 1888 instead",
            )


# Text from services/_template.md that must never reach readers.
PLACEHOLDERS = ("SKRIV HER", "eksempel.dk")


def _placeholders(src: _Source, out: _Collector) -> None:
    for number, line in enumerate(src.text.splitlines(), 1):
        if line.lstrip().startswith("#") and number < src.body_line:
            continue  # a YAML comment: the template's instructions may name the placeholders
        for marker in PLACEHOLDERS:
            if marker in line:
                out.add(
                    src,
                    number,
                    f"the template's placeholder '{marker}' is still here",
                    "replace it with the real text or address, or delete the line",
                )


_PHONE_IN_TEXT = re.compile(
    r"(?<![\w+/.:-])(\d{2} \d{2} \d{2} \d{2}|\d{4} \d{4}|116 \d{3}|1888|11[24])(?![\w/-])"
)
_INTERNAL_LINK = re.compile(r"\]\((service|page):([^)\s]*)\)")
_MD_LINK = re.compile(r"\]\((/[a-z]{2}/[^)\s]*)\)")


def _keep_numbers_whole(html: str) -> str:
    """Wrap phone numbers in running text so they never break and read left to right."""
    parts = re.split(r"(<[^>]+>)", html)
    inside_link = False
    for i, part in enumerate(parts):
        if part.startswith("<"):
            inside_link = part.startswith("<a ") or (inside_link and part != "</a>")
            continue
        if not inside_link:
            parts[i] = _PHONE_IN_TEXT.sub(r'<bdi class="num">\1</bdi>', part)
    return "".join(parts)


def render_markdown(body: str) -> tuple[str, str]:
    """Markdown -> sanitised HTML (internal links as /__lang__/...) and plain text for search."""
    body = _INTERNAL_LINK.sub(
        lambda m: f"]({LINK_PREFIX}{'services' if m[1] == 'service' else 'pages'}/{m[2]})", body
    )
    body = body.replace(f"{LINK_PREFIX}pages/safety)", f"{LINK_PREFIX}safety)")
    html = markdown.markdown(body, extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=SAFE_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}},
        url_schemes={"http", "https", "mailto", "tel", "sms"},
        link_rel="noopener noreferrer",
    )
    text = re.sub(r"\s+", " ", nh3.clean(clean, tags=set())).strip()
    return _keep_numbers_whole(clean), text


def _links(src: _Source) -> tuple[tuple[str, str, int], ...]:
    found = []
    for offset, line in enumerate(src.body.splitlines()):
        for match in _INTERNAL_LINK.finditer(line):
            found.append((match[1], match[2], src.body_line + offset))
        # Site addresses written out, such as (/da/services/danner), must point somewhere too.
        for match in _MD_LINK.finditer(line):
            parts = match[1].split("#")[0].strip("/").split("/")
            if len(parts) == 3 and parts[1] in ("services", "pages"):
                found.append((parts[1][:-1], parts[2], src.body_line + offset))
    return tuple(found)


def _text(src: _Source, lang: str, title_key: str, out: _Collector, translation: str) -> Text:
    html, plain = render_markdown(src.body)
    if not plain:
        out.add(
            src,
            src.body_line,
            "the text below the front matter is empty",
            "write what the service offers and who it is for",
        )
    source = src.meta.get("source")
    return Text(
        lang=lang,
        title=_string(src, title_key, out),
        summary=_string(src, "summary", out),
        body_html=html,
        body_text=plain,
        keywords=_text_list(src, "keywords", out),
        translation=translation,
        path=src.rel,
        source=str(source) if source is not None else None,
        links=_links(src),
    )


def _split_name(path: Path) -> tuple[str, str]:
    """`krisecentre.en.md` -> ("krisecentre", "en"); `krisecentre.md` -> ("krisecentre", "da")."""
    stem = path.name[: -len(".md")]
    if "." in stem:
        base, lang = stem.rsplit(".", 1)
        return base, lang
    return stem, DEFAULT_LANGUAGE


_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _normal_id(name: str) -> str:
    """The id a file name stands for: lowercase, æ ø å as ae oe aa, spaces and underscores as hyphens."""
    name = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"-+", "-", re.sub(r"[\s_]+", "-", name)).strip("-")


def _bad_name(path: Path, base: str, lang: str, root: Path, out: _Collector) -> None:
    """Explain a file name that is not an id, and catch a second file for an existing id."""
    rel = _relative(path, root)
    wanted = _normal_id(base)
    twin = path.with_name(f"{wanted}.md" if lang == DEFAULT_LANGUAGE else f"{wanted}.{lang}.md")
    # samefile: on a case-insensitive disk (macOS, Windows) "Danner.md" finds itself as "danner.md".
    if _ID.fullmatch(wanted) and twin.exists() and not twin.samefile(path):
        out.add(
            rel,
            1,
            f"'{path.name}' is a second file for the id '{wanted}' "
            f"(it differs from {twin.name} only by capital letters or æ, ø, å)",
            f"move what you need into {twin.name} and delete {path.name}",
        )
    elif _ID.fullmatch(wanted):
        out.add(
            rel, 1, f"the file name '{path.name}' is not a valid id",
            f"rename it to {twin.name}: lowercase letters, digits and hyphens, æ ø å written ae oe aa",
        )  # fmt: skip
    else:
        out.add(
            rel, 1, f"the file name '{path.name}' is not a valid id",
            "use lowercase letters, digits and hyphens, e.g. lev-uden-vold.md (write æ ø å as ae oe aa)",
        )  # fmt: skip


def _load_kind(
    folder: Path,
    root: Path,
    languages: tuple[str, ...],
    out: _Collector,
    today: dt.date,
    kind: str,
) -> dict[str, dict[str, _Source]]:
    """Read every file of a folder, grouped by id and language."""
    grouped: dict[str, dict[str, _Source]] = {}
    if not folder.is_dir():
        out.add(_relative(folder, root), 1, f"the folder for {kind}s is missing", f"create {folder.name}/")
        return grouped
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "_")) or path.is_dir():
            continue  # templates (_template.md) and editor files are not content
        if path.suffix != ".md":
            out.add(
                _relative(path, root),
                1,
                "only .md files belong here",
                "rename it to end in .md, or move it out",
            )
            continue
        base, lang = _split_name(path)
        if not _ID.fullmatch(base):
            _bad_name(path, base, lang, root, out)
            continue
        if lang not in languages:
            from .i18n import KNOWN_LANGUAGES  # local: content does not otherwise depend on i18n

            if lang not in KNOWN_LANGUAGES:
                out.add(
                    _relative(path, root), 1, f"'{lang}' in the file name is not one of our languages",
                    f"name translations <id>.<language>.md with one of: {', '.join(KNOWN_LANGUAGES)}",
                )  # fmt: skip
            continue  # a language not yet switched on: its files wait quietly
        src = _read(path, root, out)
        if src is not None:
            _forbidden(src, out)
            _placeholders(src, out)
            grouped.setdefault(base, {})[lang] = src
        elif lang == DEFAULT_LANGUAGE:
            out.unreadable.add((kind, base))
    return grouped


def _translations(
    sources: dict[str, _Source], fields: dict[str, str], title_key: str, out: _Collector, what: str
) -> dict[str, Text]:
    texts: dict[str, Text] = {}
    for lang, src in sources.items():
        if lang == DEFAULT_LANGUAGE:
            continue
        if DEFAULT_LANGUAGE not in sources:
            if (what, _split_name(src.path)[0]) in out.unreadable:
                continue
            danish = src.path.name.replace(f".{lang}.md", ".md")
            out.add(
                src,
                1,
                f"this translation has no Danish original ({danish} is missing)",
                f"add {danish} or rename this file",
            )
            continue
        _check_fields(src, fields, out, f"{what} translation")
        stamp = src.meta.get("source")
        if stamp is not None and not re.fullmatch(r"[0-9a-f]{12}", str(stamp)):
            out.add(
                src,
                "source",
                f"'source: {stamp}' is not the fingerprint of a Danish file",
                f"run 'flask content stamp {src.rel}' when the translation is finished",
            )
        state = src.meta.get("translation")
        if state is not None and state not in TRANSLATION_STATES:
            out.add(
                src,
                "translation",
                f"'translation: {state}' is not allowed",
                "write translation: draft or translation: reviewed",
            )
        texts[lang] = _text(src, lang, title_key, out, str(state or "draft"))
    return texts


def _unique_title(src: _Source, key: str, seen: dict[str, str], out: _Collector) -> None:
    """Two entries with one name are one entry twice: readers could not tell them apart."""
    value = src.meta.get(key)
    if not isinstance(value, str) or not value.strip():
        return
    normal = _normal_id(value)
    if normal in seen:
        out.add(
            src,
            key,
            f"the {key} '{value.strip()}' is already used by {seen[normal]}",
            "give each its own name, or merge the two files into one",
        )
    else:
        seen[normal] = src.rel


def _build_services(
    grouped: dict[str, dict[str, _Source]], out: _Collector, today: dt.date
) -> dict[str, Service]:
    services = {}
    names: dict[str, str] = {}
    for sid, sources in grouped.items():
        texts = _translations(sources, SERVICE_TRANSLATION_FIELDS, "name", out, "service")
        src = sources.get(DEFAULT_LANGUAGE)
        if src is None:
            continue
        _check_fields(src, SERVICE_FIELDS, out, "service")
        _unique_title(src, "name", names, out)
        category = src.meta.get("category")
        if category is not None and category not in CATEGORIES:
            out.add(
                src, "category", f"'{category}' is not a category", f"use one of: {', '.join(CATEGORIES)}"
            )
        audiences = _text_list(src, "audiences", out)
        for audience in audiences:
            if audience not in AUDIENCES:
                out.add(
                    src,
                    "audiences",
                    f"'{audience}' is not an audience",
                    f"use some of: {', '.join(AUDIENCES)}",
                )
        contacts = _contacts(src, out)
        texts[DEFAULT_LANGUAGE] = _text(src, DEFAULT_LANGUAGE, "name", out, "original")
        services[sid] = Service(
            id=sid,
            category=str(category),
            audiences=audiences,
            crisis_line=bool(_flag(src, "crisis_line", out)),
            order=_order(src, out),
            contacts=contacts,
            hours=_hours(src, out),
            free=_flag(src, "free", out),
            anonymous=_flag(src, "anonymous", out),
            languages=_text_list(src, "languages", out),
            keywords=_text_list(src, "keywords", out),
            verified=_date(src, "verified", out, today) or today,
            sources=_sources(src, out),
            path=src.rel,
            fingerprint=src.fingerprint,
            texts=MappingProxyType(texts),
            organization=_string(src, "organization", out) or None,
        )
    return services


def _build_pages(grouped: dict[str, dict[str, _Source]], out: _Collector, today: dt.date) -> dict[str, Page]:
    pages = {}
    titles: dict[str, str] = {}
    for slug, sources in grouped.items():
        texts = _translations(sources, PAGE_TRANSLATION_FIELDS, "title", out, "page")
        src = sources.get(DEFAULT_LANGUAGE)
        if src is None:
            continue
        _check_fields(src, PAGE_FIELDS, out, "page")
        _unique_title(src, "title", titles, out)
        texts[DEFAULT_LANGUAGE] = _text(src, DEFAULT_LANGUAGE, "title", out, "original")
        pages[slug] = Page(
            slug=slug,
            order=_order(src, out),
            verified=_date(src, "verified", out, today),
            sources=_sources(src, out),
            path=src.rel,
            fingerprint=src.fingerprint,
            texts=MappingProxyType(texts),
        )
    return pages


def _check_links(services: dict[str, Service], pages: dict[str, Page], out: _Collector) -> None:
    for item in (*services.values(), *pages.values()):
        for text in item.texts.values():
            for kind, target, line in text.links:
                known = services if kind == "service" else pages
                if target not in known and (kind, target) not in out.unreadable:
                    close = difflib.get_close_matches(target, list(known), n=1)
                    fix = f"did you mean '{kind}:{close[0]}'? " if close else ""
                    out.add(
                        text.path,
                        line,
                        f"the link '{kind}:{target}' points to nothing",
                        f"{fix}use one of: {', '.join(sorted(known))}",
                    )


_SYNONYMS_EXAMPLE = "write it as:\ngroups:\n  - da: [krisecenter, krisecentre]\n    en: [shelter, refuge]"


def _synonyms(root: Path, out: _Collector) -> tuple[tuple[str, ...], ...]:
    """Read site/content/synonyms.yml: `groups:`, each a list of words or language -> list of words."""
    path = root / "synonyms.yml"
    if not path.exists():
        return ()
    rel = _relative(path, root)
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError as exc:
        out.add(rel, 1, "synonyms.yml is not UTF-8 text", f"save it as UTF-8 ({exc.reason})")
        return ()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        out.add(
            rel,
            mark.line + 1 if mark else 1,
            f"synonyms.yml is not valid YAML ({problem})",
            "check the indentation, and put words containing ':' or '#' in quotes",
        )
        return ()
    groups_node = None
    if isinstance(node, yaml.MappingNode):
        groups_node = next((v for k, v in node.value if k.value == "groups"), None)
    if not isinstance(groups_node, yaml.SequenceNode):
        line = groups_node.start_mark.line + 1 if groups_node is not None else 1
        out.add(rel, line, "synonyms.yml must hold 'groups:', a list of groups", _SYNONYMS_EXAMPLE)
        return ()
    from .analysis import COMMON_WORDS, fold  # local: content does not otherwise depend on search
    from .i18n import KNOWN_LANGUAGES

    common = {fold(w) for w in COMMON_WORDS}
    groups = []
    for group in groups_node.value:
        line = group.start_mark.line + 1
        lists: list[yaml.Node] = []
        if isinstance(group, yaml.SequenceNode):
            lists = [group]
        elif isinstance(group, yaml.MappingNode):
            for key, value in group.value:
                if key.value not in KNOWN_LANGUAGES:
                    out.add(
                        rel, key.start_mark.line + 1, f"'{key.value}' is not one of our languages",
                        f"use one of: {', '.join(KNOWN_LANGUAGES)}",
                    )  # fmt: skip
                lists.append(value)
        else:
            out.add(rel, line, "a group must be a list of words, or languages with lists", _SYNONYMS_EXAMPLE)
            continue
        words: list[str] = []
        for value in lists:
            items = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for item in items:
                if not isinstance(item, yaml.ScalarNode):
                    out.add(
                        rel, item.start_mark.line + 1, "a synonym must be a word or a phrase",
                        "write the words in brackets, separated by commas: [shelter, refuge]",
                    )  # fmt: skip
                    continue
                word = " ".join(str(item.value).split()).lower()
                if word and word not in words:
                    words.append(word)
                if word and " " not in word and fold(word) in common:
                    out.add(
                        rel, item.start_mark.line + 1,
                        f"'{word}' is a very common Danish or English word, so the search ignores it here",
                        "remove it, or use a longer phrase", warn=True,
                    )  # fmt: skip
        if len(words) < 2:
            out.add(rel, line, "a group needs at least two words", "add one, or remove the group", warn=True)
        if words:
            groups.append(tuple(words))
    return tuple(groups)


def fingerprint(root: Path) -> str:
    """A hash of every file under the content folder: changes when any content changes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def check(
    root: Path, languages: Iterable[str], today: dt.date | None = None
) -> tuple[Content | None, list[Problem]]:
    """Read and validate all content; return it (None on errors) and every problem found."""
    today = today or dt.datetime.now(TIMEZONE).date()
    langs = tuple(languages)
    out = _Collector()
    services = _build_services(_load_kind(root / "services", root, langs, out, today, "service"), out, today)
    pages = _build_pages(_load_kind(root / "pages", root, langs, out, today, "page"), out, today)
    _check_links(services, pages, out)
    synonyms = _synonyms(root, out)
    problems = out.problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    content = Content(
        services=MappingProxyType(services),
        pages=MappingProxyType(pages),
        synonyms=synonyms,
        fingerprint=fingerprint(root),
        warnings=tuple(problems),
    )
    return content, problems


def load(root: Path, languages: Iterable[str], today: dt.date | None = None) -> Content:
    """Load all content or raise ContentError listing every mistake."""
    content, problems = check(root, languages, today)
    if content is None:
        raise ContentError(problems)
    return content
