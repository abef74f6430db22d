"""HTML to text: the one place that parses HTML, strips site chrome and renders readable text.

Used by HTML pages, HTML email bodies and log tables alike.
"""

from __future__ import annotations

import re
import warnings

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    MarkupResemblesLocatorWarning,
    ProcessingInstruction,
    Tag,
    XMLParsedAsHTMLWarning,
)

from indexer.extract.decode import decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_SPACE = re.compile(r"[ \t\n\r\f\v\xa0\u200b]+")
# Tag-name patterns (bs4's find_all takes a regex for names).
_BLOCK_TAGS = re.compile(
    r"^(address|article|aside|blockquote|caption|dd|details|div|dl|dt|fieldset|figcaption"
    r"|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody"
    r"|tfoot|thead|tr|ul)$"
)
_DROP_TAGS = re.compile(
    r"^(script|style|noscript|template|nav|aside|form|iframe|svg|button|input|select|textarea"
    r"|object|embed|canvas|dialog|link|meta)$"
)
_CHROME = re.compile(
    r"(?:^|[-_])(banner|topnav|navbar|nav|navigation|menu|breadcrumbs?|sidebar|cookies?|popup"
    r"|modal|skip-to-link|footer|masthead|share|social|donate|advert|promo|login|signup"
    r"|subscribe|locale|search)(?:$|[-_])",
    re.I,
)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog"}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in <meta charset>, http-equiv or an XML declaration."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def parse_html(data: bytes | str) -> BeautifulSoup:
    """A parse tree of HTML bytes (declared charset honoured, else detected) or of a str."""
    markup = data if isinstance(data, str) else decode_bytes(data, declared_charset(data))
    with warnings.catch_warnings():
        # bs4 warns when markup "looks like" a URL or file name (a one-line email body does)
        # and when XHTML starts with <?xml; lxml's HTML parser reads both correctly.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup, "lxml")


def strip_chrome(soup: BeautifulSoup) -> None:
    """Remove scripts, navigation, banners, sidebars, footers and forms from the tree in place.

    An element whose class or id names chrome is kept when it holds the page's <main> or
    <article>, or most of its text: some sites put "has-sidebar" on the content wrapper.
    """
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        if tag.find_parent(["article", "main"]) is None:
            tag.decompose()  # a page header or footer; one inside an article is content
    total = len(soup.get_text()) or 1
    for tag in soup.find_all(_is_chrome):
        if tag.decomposed or tag.find(["main", "article"]):
            continue
        if len(tag.get_text()) < total / 2:
            tag.decompose()


def _is_chrome(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if tag.get("role") in _CHROME_ROLES:
        return True
    if "display:none" in tag.get("style", "").replace(" ", ""):
        return True
    names = list(tag.get("class") or []) + [tag.get("id") or ""]
    return any(_CHROME.search(name) for name in names if name)


def content_root(soup: BeautifulSoup) -> Tag:
    """The page's single <main> (or role=main) when it has one, else <body>, else the soup."""
    mains = soup.find_all("main") or soup.find_all(attrs={"role": "main"})
    if len(mains) == 1 and mains[0].get_text(strip=True):
        return mains[0]
    return soup.body or soup


def html_to_text(root: Tag) -> str:
    """Readable text of an element: blocks on their own lines, table cells joined by " | ".

    Line breaks inside <pre> are kept; other whitespace collapses as a browser would. The tree
    is changed in place, so pass a tree you no longer need.
    """
    for tag in root.find_all(["script", "style", "noscript", "template", "head"]):
        tag.decompose()  # never text, even in an email body that strip_chrome did not see
    for node in root.find_all(string=lambda s: isinstance(s, _NON_TEXT)):
        node.extract()
    for node in list(root.find_all(string=True)):
        if node.find_parent("pre") is None:
            node.replace_with(_SPACE.sub(" ", str(node)))
    for br in root.find_all("br"):
        br.replace_with("\n")
    for cell in root.find_all(["td", "th"]):
        cell.append("\t")
    for block in root.find_all(_BLOCK_TAGS):
        block.insert_before("\n")
        block.append("\n")
    return tidy_text(root.get_text())


_NON_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


def tidy_text(text: str) -> str:
    """Trim each line, join tab-separated cells with " | ", keep at most one blank line in a row."""
    lines: list[str] = []
    for raw in text.split("\n"):
        cells = [_SPACE.sub(" ", cell).strip() for cell in raw.split("\t")]
        line = " | ".join(cell for cell in cells if cell)
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


def page_title(soup: BeautifulSoup) -> str | None:
    """The <title>, or the first <h1> when the title is that heading plus a site name."""
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    title = _SPACE.sub(" ", title).strip()
    headings = [_SPACE.sub(" ", h.get_text(" ", strip=True)) for h in soup.find_all("h1")]
    for heading in headings:
        if heading and title.startswith(heading) and len(title) > len(heading):
            return heading
    return title or next((h for h in headings if h), None)
