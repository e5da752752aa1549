"""A consortium's documents written to disk: the format of each, the files rendered, converted,
scanned or photographed in batches."""

from __future__ import annotations

import datetime as dt

import media
from docx_writer import render_docx
from files import file_names, order_record, sha
from model import Cons
from pdf_writer import render_pdf
from records import blank_record
from writers import W


class Filing:
    """Writing the consortia's files."""

    # -------------------------------------------------------------- documents
    def choose_format(self, kind: str, c: Cons) -> str:
        rng = self.rng
        if kind == "supplementary":
            if self.ocr_budget > 0 and rng.random() < 0.6:
                self.ocr_budget -= 1
                return "image"
            return rng.choice(["docx", "pdf_rl"])
        if kind == "plan":
            opts = ["docx", "pdf_rl", "pdf", "doc"] + (["scan"] if self.ocr_budget > 1 else [])
        elif kind == "agreement":
            opts = ["docx", "pdf", "pdf", "doc"] + (
                ["scan", "scan"] if self.ocr_budget > 1 and len(c.units) <= 9 else []
            )
        else:
            opts = ["docx", "docx", "pdf", "doc", "pdf_rl"]
        f = rng.choice(opts)
        if f == "scan":
            self.ocr_budget -= 1
        return f

    def write_consortium(self, c: Cons):
        rng = self.rng
        w = W(c, rng)
        names = file_names(rng, c)
        sdir = self.out / c.sid
        sdir.mkdir(parents=True, exist_ok=True)
        docs = []
        for kind in ["application", "agreement", "plan", "supplementary"]:
            if kind not in c.docs:
                continue
            if kind == "agreement" and c.bad == "agreement_encrypted":
                d, rec = w.agreement()
                docs.append((kind, d, rec, "encrypted"))
                continue
            d, rec = {
                "application": w.application,
                "agreement": w.agreement,
                "plan": w.plan,
                "supplementary": lambda: w.supplementary(short=True),
            }[kind]()
            docs.append((kind, d, rec, self.choose_format(kind, c)))
        if rng.random() < 0.12 and not c.bad:
            docs.append(("extra", None, None, rng.choice(["zero_byte", "truncated_docx"])))
        for kind, d, rec, fmt in docs:
            self.pending.append((c, kind, d, rec, fmt, sdir / names[kind]))

    def flush(self):
        """Render every pending document, convert in batches, degrade scans, and record the truth."""
        rng = self.rng
        to_pdf, to_doc = [], []
        staged = []
        for c, kind, d, rec, fmt, base in self.pending:
            if fmt in ("docx", "doc", "pdf", "scan", "image"):
                p = base.with_suffix(".docx")
                render_docx(d, p)
                if fmt in ("pdf", "scan", "image"):
                    to_pdf.append(p)
                if fmt == "doc":
                    to_doc.append(p)
            elif fmt == "pdf_rl":
                render_pdf(d, base.with_suffix(".pdf"))
            elif fmt == "encrypted":
                render_pdf(d, base.with_suffix(".pdf"), encrypt="gxkj2024")
            elif fmt == "zero_byte":
                pass
            elif fmt == "truncated_docx":
                pass
            staged.append((c, kind, d, rec, fmt, base))
        if to_pdf:
            media.soffice_convert(to_pdf, "pdf")
        if to_doc:
            media.soffice_convert(to_doc, "doc")
        for c, _kind, _d, rec, fmt, base in staged:
            style = "H"
            bad_kind = None
            ocr = False
            if fmt == "docx":
                path, mt, pages = base.with_suffix(".docx"), "docx", None
            elif fmt == "doc":
                path, mt, pages = base.with_suffix(".doc"), "doc", None
                base.with_suffix(".docx").unlink()
            elif fmt in ("pdf", "pdf_rl"):
                path, mt = base.with_suffix(".pdf"), "pdf"
                pages = media.pdf_pages(path)
                if fmt == "pdf":
                    base.with_suffix(".docx").unlink()
                fmt = "pdf"
            elif fmt == "scan":
                src = base.with_suffix(".pdf")
                if media.pdf_pages(src) > 4:  # too long to scan cheaply: keep it born-digital
                    path, mt, pages, fmt = src, "pdf", media.pdf_pages(src), "pdf"
                    self.ocr_budget += 1
                else:
                    path = base.parent / f"扫描件_{c.filing:%Y%m%d}_{rng.randrange(100, 999)}.pdf"
                    pages, _ = media.scan_pdf(src, path, rng)
                    src.unlink()
                    mt, ocr = "pdf", True
                base.with_suffix(".docx").unlink()
            elif fmt == "image":
                src = base.with_suffix(".pdf")
                stamp = dt.datetime.combine(
                    c.filing, dt.time(rng.randrange(8, 19), rng.randrange(60), rng.randrange(60))
                )
                path = base.parent / rng.choice(
                    [f"IMG_{stamp:%Y%m%d_%H%M%S}.jpg", f"微信图片_{stamp:%Y%m%d%H%M%S}.jpg"]
                )
                media.phone_photo(src, path, rng)
                src.unlink()
                base.with_suffix(".docx").unlink()
                mt, pages, ocr = "image", 1, True
            elif fmt == "encrypted":
                path, mt, pages, bad_kind = base.with_suffix(".pdf"), "pdf", None, "encrypted_pdf"
                fmt = "bad"
            elif fmt in ("zero_byte", "truncated_docx"):
                bad_kind = fmt
                if fmt == "zero_byte":
                    path, mt = base.with_suffix(".pdf"), "pdf"
                    path.write_bytes(b"")
                else:
                    path, mt = base.with_suffix(".docx"), "docx"
                    from blocks import Doc, P

                    dd = Doc()
                    dd.add(
                        *[
                            P("本单位郑重承诺，所提交的申报材料真实、准确、完整，无科研失信行为。" * 3)
                            for _ in range(30)
                        ]
                    )
                    render_docx(dd, path)
                    media.make_bad("truncated_docx", path, path, rng)
                fmt, pages = "bad", None
            else:
                raise ValueError(fmt)
            rel = str(path.relative_to(self.out))
            if bad_kind:
                rec = blank_record()
                rec["doc_type"] = "unreadable"
                rec["flags"] = [
                    {
                        "code": "UNREADABLE",
                        "severity": "error",
                        "message": "文件无法读取",
                        "consortium": None,
                        "unit": None,
                        "document": rel,
                        "evidence": None,
                        "match": [],
                    }
                ]
            for f in rec["flags"]:
                f.setdefault("consortium", c.name if rec["doc_type"] != "unreadable" else None)
                f["document"] = rel
                f.setdefault("match", [])
            h = sha(path)
            rec["source"] = {"path": rel, "sha256": h, "media_type": mt, "pages": pages, "ocr_used": ocr}
            rec = order_record(rec)
            self.documents.append(
                {
                    "path": rel,
                    "sha256": h,
                    "submission": c.sid,
                    "family": "H",
                    "style": style,
                    "format": fmt,
                    "bad_kind": bad_kind,
                    "record": rec,
                }
            )
        self.pending = []
