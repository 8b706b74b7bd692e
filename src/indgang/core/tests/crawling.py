"""What the crawler (test_crawler.py) and the accessibility check share: the demo logins,
the site's URL patterns, reading a page's links and visible text, and the English text of
the project's own message catalogues."""

import ast
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver

PACKAGE = Path(__file__).resolve().parents[2]  # src/indgang

# The demo's logins (indgang/demo/organisations.py), by the Danish name of their role.
DEMO_ROLES = {
    "konsulent@indgang.demo": "Konsulent (Erhvervshus)",
    "leder@indgang.demo": "Leder (Erhvervshus)",
    "admin@indgang.demo": "Administrator (Erhvervshus)",
    "lokal@indgang.demo": "Konsulent (kommune)",
    "lokal.leder@indgang.demo": "Leder (kommune)",
    "analytiker@indgang.demo": "Analytiker (bestyrelsen)",
}


# --- URL patterns ---------------------------------------------------------------------------


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(name, route) of every URL pattern of the site; an unnamed pattern is named by its
    route."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = ":".join(filter(None, [namespace, p.namespace or ""]))
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield (name or f"/{route}"), route


def pattern_name(match) -> str:
    """The name a resolved URL is counted under (as ``url_patterns`` names it)."""
    if match.url_name:
        return match.view_name
    return "/" + match.route


def with_dummy_arguments(route: str) -> str:
    """A path for ``route`` with made-up arguments, to ask how the view answers a GET."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: "999999" if m.group(1) == "int" else "x", route)
    path = re.sub(r"[\^$]", "", path)
    return "/" + path


# --- pages ----------------------------------------------------------------------------------

SKIPPED_TAGS = {"script", "style", "template", "noscript"}
INPUT_TYPES_WITH_VALUE = {"hidden", "text", "search", "number", "date", "email", "tel", "url"}


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    unticked: dict[str, str] = field(default_factory=dict)  # checkbox name: its first value
    select: str | None = None  # the select being read
    select_first: str | None = None
    select_chosen: str | None = None


class PageReader(HTMLParser):
    """The links, GET forms (with the values they would send as they stand) and the visible
    text of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.text: list[str] = []
        self.lang = ""
        self._skip = 0
        self._form: Form | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if tag in SKIPPED_TAGS:
            self._skip += 1
        if a.get("hx-get"):  # what htmx loads into the page is a page too
            self.links.append(a["hx-get"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(a.get("action") or "", (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is not None:
            self._field(tag, a)

    def _field(self, tag, a):
        form, name = self._form, a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in INPUT_TYPES_WITH_VALUE or (kind in {"checkbox", "radio"} and "checked" in a):
                form.fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
            elif kind == "checkbox":
                form.unticked.setdefault(name, a.get("value") or "on")
        elif tag == "select" and name:
            form.select, form.select_first, form.select_chosen = name, None, None
        elif tag == "option" and form.select:
            value = a.get("value", "")
            if form.select_first is None:
                form.select_first = value
            if "selected" in a:
                form.select_chosen = value
        elif tag == "textarea" and name:
            self._textarea = name

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1
        if tag == "form":
            self._form = None
        elif tag == "select" and self._form is not None and self._form.select:
            form = self._form
            form.fields.append((form.select, form.select_chosen or form.select_first or ""))
            form.select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form.fields.append((self._textarea, data))
            return
        if not self._skip:
            self.text.append(data)

    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader


def internal_url(base: str, href: str) -> str | None:
    """The path and query of an internal link, or None for anything else."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    url = urlsplit(urljoin("http://testserver" + base, href))
    if url.netloc != "testserver":
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def post_form_urls(base: str, forms: list[Form]) -> list[str]:
    """Where the page's POST forms send to."""
    urls = (internal_url(base, f.action or base) for f in forms if f.method == "post")
    return [url.split("?")[0] for url in urls if url]


def get_form_urls(base: str, forms: list[Form]) -> list[str]:
    """The URL each GET form sends with its fields as they stand and, in each list of
    checkboxes none of which is ticked, the first one ticked (a search for a theme, a
    filter)."""
    urls = []
    for form in forms:
        if form.method != "get":
            continue
        target = internal_url(base, form.action or base.split("?")[0])
        if target is None:
            continue
        sent = {k for k, _v in form.fields}
        fields = form.fields + [(k, v) for k, v in form.unticked.items() if k not in sent]
        query = urlencode([(k, v) for k, v in fields if k != "csrfmiddlewaretoken"])
        urls.append(target.split("?")[0] + (f"?{query}" if query else ""))
    return urls


# --- English text on a Danish page ----------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^}]*\}|<[^>]*>|\n")
WORD = re.compile(r"\w+")


def _po_entries(path: Path):
    """(msgid, msgid_plural, msgstr values, fuzzy) of a .po file."""
    entry, key, fuzzy = None, None, False
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            if entry is not None:
                yield entry
            entry, key = (
                {"msgid": ast.literal_eval(line[6:]), "fuzzy": fuzzy, "msgstr": []},
                "msgid",
            )
            fuzzy = False
        elif line.startswith("msgid_plural "):
            entry["msgid_plural"], key = ast.literal_eval(line[13:]), "msgid_plural"
        elif line.startswith("msgstr"):
            entry["msgstr"].append(ast.literal_eval(line.split(" ", 1)[1]))
            key = "msgstr"
        elif line.startswith('"') and entry is not None:
            value = ast.literal_eval(line)
            if key == "msgstr":
                entry["msgstr"][-1] += value
            else:
                entry[key] += value
    if entry is not None:
        yield entry


def english_phrases(min_words: int = 3) -> dict[tuple[str, ...], list[str]]:
    """English phrases of the project's catalogues that a Danish page must not show.

    From every Danish ``django.po``: the English msgids translated to something else, cut
    at placeholders and tags into phrases of at least ``min_words`` words, leaving out any
    phrase that a Danish translation also contains (a name, a code). Keyed by their first
    three words, for a quick look-up.
    """
    danish_texts, candidates = [], set()
    for po in sorted(PACKAGE.rglob("locale/da/LC_MESSAGES/django.po")):
        for entry in _po_entries(po):
            translations = [s for s in entry["msgstr"] if s]
            if not entry["msgid"] or not translations or entry["fuzzy"]:
                continue
            danish_texts.extend(translations)
            for english in filter(None, [entry["msgid"], entry.get("msgid_plural")]):
                if english in translations:
                    continue
                for phrase in PLACEHOLDER.split(english):
                    phrase = " ".join(phrase.split()).strip(" .,:;()–-")
                    if len(WORD.findall(phrase)) >= min_words:
                        candidates.add(phrase)
    danish = "\n".join(" ".join(t.split()) for t in danish_texts)
    phrases: dict[tuple[str, ...], list[str]] = {}
    for phrase in sorted(candidates):
        if phrase in danish:
            continue
        phrases.setdefault(tuple(WORD.findall(phrase)[:3]), []).append(phrase)
    return phrases


def english_on_page(text: str, phrases: dict[tuple[str, ...], list[str]]) -> list[str]:
    words = WORD.findall(text)
    found = []
    for trigram in {tuple(words[i : i + 3]) for i in range(len(words) - 2)} & phrases.keys():
        found += [p for p in phrases[trigram] if p in text]
    return sorted(found)
