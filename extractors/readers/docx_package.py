"""The package of a .docx (Office Open XML, ECMA-376 / ISO 29500), opened with zipfile and lxml.

The main part is found through the package's relationships (it need not be word/document.xml);
Strict OOXML's namespaces are mapped onto the transitional ones the reader knows; a part that a
relationship names but the zip lacks (a missing image, say) costs that part only, never the
document. Zip bombs are refused before anything is inflated."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Any

from extractors.errors import CorruptFile, TooLarge
from extractors.limits import Limits

MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
# ISO 29500 Strict namespaces -> the transitional ones (the reader's element names)
STRICT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    b"http://purl.oclc.org/ooxml/officeDocument/math": b"http://schemas.openxmlformats.org/officeDocument/2006/math",
    b"http://purl.oclc.org/ooxml/drawingml/main": b"http://schemas.openxmlformats.org/drawingml/2006/main",
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    b"http://purl.oclc.org/ooxml/drawingml/picture": b"http://schemas.openxmlformats.org/drawingml/2006/picture",
}
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@dataclass
class Rel:
    id: str
    kind: str  # the relationship type's last segment: officeDocument, header, footnotes, ...
    target: str  # the part's name in the zip (internal targets), or the URL (external)
    external: bool = False


@dataclass
class Package:
    z: zipfile.ZipFile
    names: set[str]
    strict: bool = False
    missing: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.names

    def xml(self, name: str) -> Any | None:
        """A part's XML root, Strict namespaces mapped; None (and noted) if the zip lacks it."""
        if name not in self.names:
            if name not in self.missing:
                self.missing.append(name)
            return None
        from lxml import etree

        data = self.z.read(name)
        if b"purl.oclc.org/ooxml" in data:
            self.strict = True
            for a, b in STRICT.items():
                data = data.replace(a, b)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as e:
            raise CorruptFile(f"malformed Word XML in {name}: {e}") from e

    def rels(self, part: str) -> list[Rel]:
        """The relationships of a part ("" for the package's own), targets resolved to part names."""
        d, base = posixpath.split(part)
        name = posixpath.join(d, "_rels", base + ".rels")
        root = self.xml(name) if name in self.names else None
        out: list[Rel] = []
        for r in root.iter(PKG_RELS + "Relationship") if root is not None else []:
            kind = (r.get("Type") or "").rstrip("/").rsplit("/", 1)[-1]
            target = r.get("Target") or ""
            ext = r.get("TargetMode") == "External"
            if not ext:
                target = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(d, target))
                )
            out.append(Rel(r.get("Id") or "", kind, target, ext))
        return out

    def main_part(self) -> str | None:
        for r in self.rels(""):
            if r.kind == "officeDocument" and not r.external:
                return r.target
        if "[Content_Types].xml" in self.names:
            root = self.xml("[Content_Types].xml")
            for o in root.iter(CT + "Override") if root is not None else []:
                if o.get("ContentType") in MAIN_TYPES:
                    return (o.get("PartName") or "").lstrip("/")
        return "word/document.xml" if "word/document.xml" in self.names else None


def open_package(data: bytes, limits: Limits) -> Package:
    """Open the zip, refusing bombs and broken members before anything is parsed."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise CorruptFile(f"not a valid .docx package: {e}") from e
    total = 0
    for info in z.infolist():
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / max(info.compress_size, 1) > limits.max_zip_ratio
            and (info.file_size > 10 * 1024 * 1024)
        ):
            raise TooLarge(
                f"{info.filename} inflates {info.file_size} bytes from {info.compress_size}: "
                "refused as a zip bomb"
            )
    if total > limits.max_unzipped_bytes:
        raise TooLarge(f"package inflates to {total} bytes, over the cap of {limits.max_unzipped_bytes}")
    try:
        bad = z.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise CorruptFile(f"corrupt package: {e}") from e
    if bad:
        raise CorruptFile(f"corrupt member in package: {bad}")
    return Package(z=z, names=set(z.namelist()))


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse zip bombs, broken packages and zips that hold no Word document."""
    pkg = open_package(data, limits)
    if pkg.main_part() is None:
        raise CorruptFile("zip package without a Word main document part: not a Word document")
