"""The JSON API's endpoints as a page (/api/docs), from its OpenAPI schema; served here, so no
script from elsewhere."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from web.render import page

router = APIRouter()


def _type(p: dict[str, Any]) -> str:
    """A parameter's type as the schema gives it (`a/b` for a union, null left out)."""
    schema = p.get("schema") or {}
    return schema.get("type") or "/".join(
        str(a.get("type")) for a in schema.get("anyOf", []) if a.get("type") != "null"
    )


@router.get("/api/docs", include_in_schema=False)
def api_docs(request: Request) -> Any:
    """The API's OpenAPI schema as a page (served here: no script from elsewhere)."""
    schema = request.app.openapi()
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary") or "",
                    "description": op.get("description") or "",
                    "params": [
                        {
                            "name": p["name"],
                            "where": p.get("in"),
                            "description": p.get("description") or "",
                            "type": _type(p),
                        }
                        for p in op.get("parameters", [])
                    ],
                }
            )
    return page(request, "api_docs.html", ops=ops, info=schema.get("info", {}))
