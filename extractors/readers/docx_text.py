"""The text of a Word paragraph as Word shows it, on the package's XML: runs, tabs and breaks,
check-box symbols, legacy form fields with their state (FORMCHECKBOX ☒/☐, FORMDROPDOWN's choice),
equations, field results (not their codes), deleted revisions and hidden text left out; the text boxes anchored in
it and its images' alt text. `visible_chars` counts what a part shows, for the reader's account."""

from __future__ import annotations

from collections import Counter
from typing import Any

from extractors.text import invisible

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
V = "{urn:schemas-microsoft-com:vml}"
OFFICE = "{urn:schemas-microsoft-com:office:office}"
TICKED, UNTICKED = "☒", "☐"

# symbol-font characters (w:sym) that forms use for boxes and ticks, by (font, code & 0xFF)
SYMBOLS = {
    ("wingdings", 0xFE): TICKED,
    ("wingdings", 0xFD): TICKED,
    ("wingdings", 0x78): TICKED,
    ("wingdings", 0xA8): UNTICKED,
    ("wingdings", 0x6F): UNTICKED,
    ("wingdings", 0x71): UNTICKED,
    ("wingdings", 0xFC): "√",
    ("wingdings", 0xFB): "×",
    ("wingdings", 0x9F): "•",
    ("wingdings", 0x6C): "●",
    ("wingdings 2", 0x52): TICKED,
    ("wingdings 2", 0x53): TICKED,
    ("wingdings 2", 0x54): TICKED,
    ("wingdings 2", 0xA3): UNTICKED,
    ("wingdings 2", 0x2A): UNTICKED,
    ("wingdings 2", 0x50): "√",
    ("wingdings 2", 0x4F): "×",
    ("symbol", 0xD6): "√",
    ("symbol", 0xB7): "•",
    ("symbol", 0xB4): "×",
}
# containers whose text a person does not see in the flow of the paragraph
SKIP = {
    W + "delText",
    W + "del",
    W + "moveFrom",
    W + "instrText",
    W + "delInstrText",
    W + "rPr",
    W + "pPr",
    W + "rt",
    W + "commentReference",
    MC + "Fallback",
}


def on(el: Any) -> bool:
    return el is not None and (el.get(W + "val") or "true").lower() not in ("0", "false", "off")


def hidden(run: Any) -> bool:
    """A run formatted as hidden text (w:vanish): Word does not show or print it."""
    rpr = run.find(W + "rPr")
    return rpr is not None and on(rpr.find(W + "vanish"))


def sym(el: Any) -> str:
    font = (el.get(W + "font") or "").lower()
    try:
        code = int(el.get(W + "char") or "0", 16)
    except ValueError:
        return ""
    if (font, code & 0xFF) in SYMBOLS:
        return SYMBOLS[(font, code & 0xFF)]
    if code < 0xE000 or code > 0xF8FF:  # a real Unicode character
        return chr(code)
    return ""


class ParaText:
    """Renders one paragraph: its text, the text boxes anchored in it, its images' alt text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.boxes: list[Any] = []
        self.alts: list[str] = []
        self.fields: list[dict[str, Any]] = []
        # a text form field's value, and where text repeating it would begin (see _repeat)
        self.value: str | None = None
        self.value_end = 0
        self.dropped: Counter[str] = Counter()  # the characters of repeats left out

    def suppressed(self) -> bool:
        return any(f["phase"] == "result" and f["kind"] in ("check", "drop") for f in self.fields)

    def walk(self, el: Any) -> None:
        for node in el.iterchildren():
            tag = node.tag
            if not isinstance(tag, str) or tag in SKIP:
                continue
            if tag == W + "r" and hidden(node):
                continue
            if tag == W + "t" or tag == M + "t":
                if not self.suppressed():
                    self.parts.append(node.text or "")
                    self._repeat()
            elif tag == W + "tab" or tag == W + "ptab":
                self.parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                self.parts.append("\n")
            elif tag == W + "noBreakHyphen":
                self.parts.append("-")
            elif tag == W + "sym":
                self.parts.append(sym(node))
            elif tag == W + "fldChar":
                self.field(node)
            elif tag == W + "txbxContent":
                self.boxes.append(node)
            elif tag == MC + "AlternateContent":
                choice = node.find(MC + "Choice")
                if choice is not None:
                    self.walk(choice)
            elif tag == WP + "docPr":
                alt = (node.get("descr") or node.get("title") or "").strip()
                if alt:
                    self.alts.append(alt)
            elif tag == V + "shape" or tag == V + "rect":
                alt = (node.get("alt") or "").strip()
                if alt:
                    self.alts.append(alt)
                self.walk(node)
            elif tag == V + "imagedata":
                alt = (node.get(OFFICE + "title") or "").strip()
                if alt:
                    self.alts.append(alt)
            else:
                self.walk(node)

    def field(self, node: Any) -> None:
        kind = node.get(W + "fldCharType")
        if kind == "begin":
            ff = node.find(W + "ffData")
            f: dict[str, Any] = {"kind": "other", "phase": "instr"}
            if ff is not None:
                cb = ff.find(W + "checkBox")
                dd = ff.find(W + "ddList")
                if ff.find(W + "textInput") is not None:
                    f["kind"] = "text"
                if cb is not None:
                    f["kind"] = "check"
                    checked = cb.find(W + "checked")
                    state = on(checked) if checked is not None else on(cb.find(W + "default"))
                    self.parts.append(TICKED if state else UNTICKED)
                elif dd is not None:
                    f["kind"] = "drop"
                    entries = [e.get(W + "val") or "" for e in dd.iterchildren(W + "listEntry")]
                    res = dd.find(W + "result")
                    if res is None:
                        res = dd.find(W + "default")
                    i = int(res.get(W + "val") or 0) if res is not None else 0
                    if 0 <= i < len(entries):
                        self.parts.append(entries[i])
            self.fields.append(f)
        elif kind == "separate" and self.fields:
            self.fields[-1]["phase"] = "result"
            self.fields[-1]["from"] = len(self.parts)
        elif kind == "end" and self.fields:
            f = self.fields.pop()
            if f["kind"] == "text" and "from" in f and self.value is None:
                value = "".join(self.parts[f["from"] :])
                if len(value.strip()) >= 2:
                    self.value, self.value_end = value, len(self.parts)

    def _repeat(self) -> None:
        """Text right after a text form field that only repeats its value, once or several times,
        as plain text or as copies of the field, is left out: LibreOffice (7.x) reads a .doc's
        form field so (推荐首席专家：董伟董伟董伟董伟 where Word and the file's own text stream show
        董伟 once)."""
        if self.value is None:
            return
        after = "".join(self.parts[self.value_end :])
        if after == self.value:
            self.dropped.update(c for c in after if not c.isspace())
            del self.parts[self.value_end :]
        elif not self.value.startswith(after):
            self.value = None  # other text: the field's value stands as written


def visible_chars(root: Any) -> Counter[str]:
    """Every character of text a part holds (w:t, m:t), whitespace aside, as Word would show it:
    deleted and moved-away revisions, hidden runs, field codes, ruby guides and mc:Fallback copies left out."""
    out: Counter[str] = Counter()
    stack = [root]
    while stack:
        el = stack.pop()
        for node in el.iterchildren():
            tag = node.tag
            if not isinstance(tag, str) or tag in SKIP or (tag == W + "r" and hidden(node)):
                continue
            if tag == W + "t" or tag == M + "t":
                # zero-width and control characters are not text the reader could lose
                out.update(c for c in (node.text or "") if not c.isspace() and not invisible(c))
            else:
                stack.append(node)
    return out
