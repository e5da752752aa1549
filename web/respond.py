"""Responses shared by the routes."""

from __future__ import annotations

import urllib.parse

from fastapi.responses import Response

from models.vocab import shown_name


def download(data: bytes, name: str, media_type: str) -> Response:
    quoted = urllib.parse.quote(shown_name(name))
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f"attachment; filename=\"download\"; filename*=UTF-8''{quoted}"},
    )
