"""Open-data downloads: /open-data/<program>/<file>.<csv|json|geojson>, the CSVW metadata sidecar
of each CSV, and statistics.json. Streamed in constant memory; no caps (decision 0034)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse

from wsr.core.errors import NotFound
from wsr.disclosure.open_data import (
    EXPORTS,
    LogHead,
    csv_metadata,
    csv_stream,
    geojson_stream,
    json_stream,
    licence_for,
    log_head,
    statistics,
)
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_public

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8; header=present",
    "json": "application/json",
    "geojson": "application/geo+json",
}


def _provenance(
    response: HttpResponse | StreamingHttpResponse, program: Program, head: LogHead, metadata_url: str = ""
) -> None:
    """Licence and log head of the download, for files that cannot carry them inside (CSV)."""
    licence = licence_for(program)
    links = [f'<{licence["url"]}>; rel="license"']
    if metadata_url:
        links.append(f'<{metadata_url}>; rel="describedby"; type="application/csvm+json"')
    response["Link"] = ", ".join(links)
    response["X-Licence"] = licence["id"]
    response["X-Log-Tree-Size"] = str(head.tree_size)
    response["X-Log-Root-Hash"] = head.root_hash
    response["X-Log-Head-Timestamp"] = head.timestamp
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = ", ".join(
        ("Link", "X-Licence", "X-Log-Tree-Size", "X-Log-Root-Hash", "X-Log-Head-Timestamp")
    )


def open_data_file(request: HttpRequest, slug: str, name: str, fmt: str) -> StreamingHttpResponse:
    program = program_get_public(slug=slug)
    export = EXPORTS.get(name)
    if export is None or fmt not in CONTENT_TYPES or (fmt == "geojson" and name != "facilities"):
        raise NotFound("file")
    head = log_head(program)  # signed before the first row is read: the rows reflect at least this head
    if fmt == "csv":
        stream = csv_stream(export, program)
    elif fmt == "json":
        stream = json_stream(export, program, head)
    else:
        stream = geojson_stream(program, head)
    response = StreamingHttpResponse(stream, content_type=CONTENT_TYPES[fmt])
    filename = f"{program.slug}-{name}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    _provenance(response, program, head, request.path + "-metadata.json" if fmt == "csv" else "")
    return response


def open_data_csv_metadata(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    program = program_get_public(slug=slug)
    export = EXPORTS.get(name)
    if export is None:
        raise NotFound("file")
    head = log_head(program)
    url = request.build_absolute_uri(request.path.removesuffix("-metadata.json"))
    response = HttpResponse(
        json.dumps(csv_metadata(export, program, head, url), ensure_ascii=False, indent=2),
        content_type="application/csvm+json",
    )
    _provenance(response, program, head)
    return response


def open_data_statistics(request: HttpRequest, slug: str) -> JsonResponse:
    program = program_get_public(slug=slug)
    head = log_head(program)
    body = {"program": program.slug, "licence": licence_for(program), "log_head": head.as_json(), **statistics(program)}
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    _provenance(response, program, head)
    return response
