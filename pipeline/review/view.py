"""The checklist page's data: the header, the groups of items with the evidence of those shown
located on their page, the fields read from each document (with 更正 and low-confidence marks),
the corrections beside the machine's values, the versions and the events.

Long lists fold: a group shows its first FOLD items unless it is the one opened (then a page of
PAGE items), and member lists show a page of MEMBERS_PAGE rows, so a 5,000-member submission
gives a page of a few hundred rows, not all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from extractors.layout import locate
from extractors.text import key
from models.tables import Consortium, Membership, Submission
from models.vocab import FIELDS, MEMBER_FIELDS, Field
from pipeline.registry import Registry
from pipeline.review import checklist
from pipeline.review.checklist import Checklist, Group, Item
from pipeline.review.events import CorrectionTarget, Event, latest, status_of
from pipeline.review.queue import Header, header

FOLD = 12
PAGE = 100
MEMBERS_PAGE = 100
LOW_CONFIDENCE = 0.7


@dataclass
class FieldRow:
    path: str
    field: Field
    value: Any  # as the reviewer reads it (corrected or machine)
    machine: Any
    corrected: bool
    low: dict[str, Any] | None  # {"method", "score"} where the reading is below LOW_CONFIDENCE


@dataclass
class MemberRow:
    index: int
    cells: list[FieldRow]
    low: bool


@dataclass
class DocFields:
    sha: str
    name: str
    doc_type: str
    rows: list[FieldRow]
    members: list[MemberRow]
    member_total: int
    member_page: int
    member_pages: int


@dataclass
class View(Header):
    rule_pack: str | None
    record: Any
    documents: list[dict[str, Any]]
    items: list[Item]
    groups: list[Group]
    corrections: list[dict[str, Any]]
    events: list[Event]
    versions: list[dict[str, Any]]
    # the rules applied and what they say of their own validity (pipeline.rules.engine.header)
    rules_header: dict[str, Any] = field(default_factory=dict)
    revision: int = 0
    fields: list[DocFields] = field(default_factory=list)

    @property
    def open_items(self) -> int:
        return sum(1 for it in self.items if it.needs_human)

    @property
    def blocking(self) -> int:
        return sum(1 for it in self.items if it.blocks_approval)


def _confidence(rec: Any) -> dict[str, Any]:
    c = (rec.extra or {}).get("confidence") if hasattr(rec, "extra") else None
    return c if isinstance(c, dict) else {}


def _low(conf: dict[str, Any], path: str) -> dict[str, Any] | None:
    c = conf.get(path)
    if not isinstance(c, dict):
        return None
    try:
        score = float(c.get("score"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return {"method": str(c.get("method") or ""), "score": score} if score < LOW_CONFIDENCE else None


def doc_fields(d: dict[str, Any], corrected: dict[str, Any], member_page: int = 1) -> DocFields:
    from pipeline.review.fields import get

    rec = d["record"]
    data = rec.model_dump(mode="json")
    machine = d["machine"]
    conf = _confidence(rec)
    rows = [
        FieldRow(
            path=f.path,
            field=f,
            value=get(data, f.path.split(".")),
            machine=get(machine, f.path.split(".")),
            corrected=f.path in corrected,
            low=_low(conf, f.path),
        )
        for f in FIELDS
    ]
    members = data.get("members") or []
    pages = max(1, -(-len(members) // MEMBERS_PAGE))
    page = min(max(1, member_page), pages)
    mrows = []
    for i in range((page - 1) * MEMBERS_PAGE, min(len(members), page * MEMBERS_PAGE)):
        cells = []
        for f in MEMBER_FIELDS:
            p = f"members.{i}.{f.path}"
            cells.append(
                FieldRow(
                    path=p,
                    field=f,
                    value=members[i].get(f.path),
                    machine=get(machine, p.split(".")),
                    corrected=p in corrected,
                    low=_low(conf, p),
                )
            )
        mrows.append(MemberRow(index=i, cells=cells, low=any(c.low for c in cells)))
    return DocFields(
        sha=d["sha"],
        name=d["name"],
        doc_type=d["doc_type"],
        rows=rows,
        members=mrows,
        member_total=len(members),
        member_page=page,
        member_pages=pages,
    )


def _locate(c: Checklist, items: list[Item]) -> None:
    by_path = {d["path"]: d for d in c.documents}
    layouts = {d["sha"]: (d["record"].extra or {}).get("layout") or [] for d in c.documents}
    for it in items:
        d = by_path.get(it.doc_path or "")
        needles = [it.unit, it.evidence] if it.code == "DOC_MISMATCH" else [it.evidence, it.unit]
        if it.location and d:  # the rule said where its evidence is
            it.document, it.document_name = d["sha"], d["name"]
            continue
        for cand in [d] if d else c.documents:
            loc = locate(layouts[cand["sha"]], needles)
            if loc:
                it.document, it.document_name, it.location = cand["sha"], cand["name"], list(loc)
                break
        else:
            if d:
                it.document, it.document_name = d["sha"], d["name"]


def _others(s: Any, c: Checklist, items: list[Item]) -> None:
    """For cross items shown: the other consortia the unit belongs to."""
    wanted = {key(it.unit or "") for it in items if it.kind == "cross" and it.unit}
    if not wanted:
        return
    mine = {
        key(n): uid
        for uid, n in s.execute(
            select(Membership.unit_id, Membership.name_as_written).where(Membership.submission_id == c.sub.id)
        )
        if key(n) in wanted
    }
    found: dict[int, list[dict[str, Any]]] = {}
    if mine:
        q = (
            select(Membership.unit_id, Membership.tier, Consortium.name, Submission.id)
            .join(Consortium, Consortium.id == Membership.consortium_id)
            .join(Submission, Submission.id == Membership.submission_id)
            .where(
                Membership.unit_id.in_(list(mine.values())),
                Membership.current.is_(True),
                Membership.consortium_id != c.cons.id,
            )
        )
        for uid, tier, cname, sid in s.execute(q):
            found.setdefault(uid, []).append({"consortium": cname, "tier": tier, "submission_id": sid})
    for it in items:
        if it.kind == "cross":
            it.others = found.get(mine.get(key(it.unit or ""), -1), [])


def view(
    reg: Registry,
    submission_id: int,
    open_group: str | None = None,
    page: int = 1,
    member_page: int = 1,
    everything: bool = False,
) -> View:
    """The checklist page. `everything`: every item located and no folding (the printed form)."""
    with reg.Read() as s:
        c = checklist.build(s, submission_id)
        for g in c.groups:
            if everything:
                g.shown = list(g.items)
            elif g.key == open_group:
                g.shown = g.items[(max(page, 1) - 1) * PAGE : max(page, 1) * PAGE]
            else:
                g.shown = g.items[:FOLD]
        shown = [it for g in c.groups for it in g.shown]
        _locate(c, shown)
        _others(s, c, shown)
        versions = [
            {"id": x.id, "version": x.version, "current": x.current, "created_at": x.created_at}
            for x in s.scalars(
                select(Submission).where(Submission.consortium_id == c.cons.id).order_by(Submission.version)
            )
        ]
        names = {d["sha"]: d["name"] for d in c.documents}
        corr_list = []
        for (action, target), e in latest(c.events).items():
            if action != "correction":
                continue
            t = CorrectionTarget.decode(target)
            corr_list.append(
                {
                    "target": t,
                    "document": t.document,
                    "document_name": names.get(t.document, t.document[:12]),
                    "field": t.path,
                    "label": t.label,
                    "machine": e.value.get("machine"),
                    "value": e.value.get("value"),
                    "username": e.username,
                    "at": e.at,
                    "comment": e.comment,
                }
            )
        return View(
            **header(c.sub, c.cons, status_of(c.events)),
            rule_pack=c.rule_pack,
            record=c.record,
            documents=c.documents,
            items=c.items,
            groups=c.groups,
            corrections=corr_list,
            events=c.events,
            versions=versions,
            rules_header=c.header,
            revision=max((e.id for e in c.events), default=0),
            fields=[doc_fields(d, c.corrections.get(d["sha"], {}), member_page) for d in c.documents],
        )
