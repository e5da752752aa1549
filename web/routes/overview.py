"""What spans the registry: the audit trail, the charts, and the registry's exports."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from pipeline import exports
from pipeline.registry import Registry
from pipeline.review import actions
from pipeline.review.events import describe
from pipeline.review.sessions import Who
from web import views
from web.deps import Reg, Viewer
from web.render import page
from web.respond import download

router = APIRouter()


@router.get("/audit")
def audit(
    request: Request, submission: int | None = None, user: Who = Viewer, reg: Registry = Reg
) -> Response:
    events = actions.history(reg, submission)
    return page(request, "audit.html", user=user, events=events, describe=describe, submission=submission)


@router.get("/charts")
def charts(request: Request, user: Who = Viewer, reg: Registry = Reg) -> Response:
    return page(request, "charts.html", user=user, bars=views.flags_by_rule(reg), net=views.shared_units(reg))


@router.get("/export/registry.xlsx")
def export_xlsx(user: Who = Viewer, reg: Registry = Reg) -> Response:
    return download(
        exports.registry_xlsx(reg),
        "registry.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@router.get("/export/registry-csv.zip")
def export_csv(user: Who = Viewer, reg: Registry = Reg) -> Response:
    return download(exports.zip_files(exports.registry_csv(reg)), "registry-csv.zip", "application/zip")


@router.get("/export/documents.zip")
def export_json(user: Who = Viewer, reg: Registry = Reg) -> Response:
    return download(exports.zip_files(exports.documents_json(reg)), "documents.zip", "application/zip")
