"""Requests the client sends and answers the fake gives, against VECOZO's published OpenAPI."""

from __future__ import annotations

import email.parser
import email.policy
import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import need_shared
from tests.transport_helpers import gds801, message, world

from eistandaard.vecozo.testing import Fault
from eistandaard.vecozo.transport.client import BASE_URLS, PULL, PUSH, STATUS

OPENAPI = ("reference", "vecozo", "VECOZO-OpenAPI")
PUSH_DOCS = (
    "docs/vspkoppeling-berichtuitwisseling-rest-push-v1.json",
    "openapi/VSP-Koppeling_Berichtuitwisseling_REST_Push_V1_-_1.0.2.json",
)
PULL_DOC = "docs/vspkoppeling-berichtuitwisseling-rest-pull-v1.json"
STATUS_DOCS = {
    3: "docs/vspkoppeling-berichtstatus-rest-pull-v3.json",
    2: "openapi/VSP-Koppeling_Berichtstatus_REST_Pull_V2_-_2.1.0.json",
}

pytestmark = pytest.mark.shared


def _doc(name: str) -> dict[str, Any]:
    path: Path = need_shared(*OPENAPI, name)
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _validate(doc: dict[str, Any], schema: dict[str, Any], value: object) -> None:
    validators = pytest.importorskip("openapi_schema_validator")
    full = {**schema, "components": doc["components"]}
    validators.OAS30Validator(full).validate(value)


def _component(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _array_of(doc: dict[str, Any], name: str) -> dict[str, Any]:
    return {"type": "array", "items": _component(doc, name)}


def _metadata_part(request_files: Any) -> object:
    _, body, content_type = request_files["berichtMetadata"]
    assert content_type == "application/json"
    return json.loads(body)


@pytest.mark.parametrize("name", PUSH_DOCS)
def test_push_request_metadata_validates(name: str) -> None:
    """The client's berichtMetadata part validates against each push contract version."""
    doc = _doc(name)
    with world() as w:
        envelope, data = message(gds801(1))
        request = w.client.push_request(envelope, data)
    assert request.method == "POST"
    assert request.url.endswith(PUSH + "/berichten")
    assert "/berichten" in doc["paths"]
    assert set(request.files) == {"berichtMetadata", "payload"}
    assert request.files["payload"][2] == "application/octet-stream"
    _validate(doc, _component(doc, "BerichtMetadata"), _metadata_part(request.files))


def test_operation_paths_and_hosts_match_the_contracts() -> None:
    """The client's base paths and hosts are the servers the contracts publish."""
    pairs = [
        (PUSH_DOCS[0], PUSH, "/berichten"),
        (PULL_DOC, PULL, "/berichten"),
        (STATUS_DOCS[3], STATUS.format(version=3), "/berichtstatussen"),
        (STATUS_DOCS[2], STATUS.format(version=2), "/berichtstatussen"),
    ]
    for name, base, path in pairs:
        doc = _doc(name)
        servers = {s["url"] for s in doc["servers"]}
        assert {BASE_URLS[env] + base for env in ("prod", "acc", "tst")} == servers
        assert path in doc["paths"]


def _bodies(log: list[tuple[str, str, int, bytes]], fragment: str, status: int) -> list[object]:
    return [json.loads(body) for _, path, code, body in log if fragment in path and code == status]


@pytest.mark.parametrize("version", [2, 3])
def test_fake_status_answers_validate(version: int) -> None:
    """Every berichtstatus answer of the fake (every status, a rejection) fits v2/v3."""
    doc = _doc(STATUS_DOCS[version])
    bad = gds801(2).replace(b"<Valutacode>EUR</Valutacode>", b"<Valutacode>EUR</Valutacode><X/>")
    with world(status_version=version) as w:
        for xml in (gds801(1), bad):
            envelope, data = message(xml)
            w.client.push(envelope, data)
        for _ in range(6):
            for trace in list(w.fake.messages):
                w.client.berichtstatus(traceer_id=trace)
            w.clock.advance(30)
        bodies = _bodies(w.fake.contract_log, "berichtstatussen", 200)
    statuses = {item["berichtstatus"] for body in bodies for item in body}  # type: ignore[attr-defined]
    assert {"Ontvangen", "WordtVerwerkt", "AfgekeurdDoorDienst", "Bezorgd"} <= statuses
    for body in bodies:
        _validate(doc, _array_of(doc, "BerichtstatusGegevens"), body)


def test_fake_pull_list_and_problems_validate() -> None:
    """The pull list and the fake's 400/422 problem details fit the pull and push contracts."""
    pull = _doc(PULL_DOC)
    push = _doc(PUSH_DOCS[0])
    with world() as w:
        for i in range(3):
            envelope, data = message(gds801(i))
            w.fake.queue(envelope, data)
        w.client.pull_list()
        envelope, data = message(gds801(9))
        w.fake.inject(Fault.UNPROCESSABLE, codes=("BRS04",))
        w.client.push(envelope, data)
        w.fake.inject(Fault.BAD_REQUEST, codes=("BRS30",))
        w.client.push(envelope, data)
        assert w.client.push(envelope, data).accepted
        assert w.client.push(envelope, data).status == 422  # CC08/BRS114: known traceerId
        log = list(w.fake.contract_log)
    (listed,) = _bodies(log, "rest-pull/v1/berichten", 200)
    assert len(listed) == 3  # type: ignore[arg-type]
    _validate(pull, _array_of(pull, "BerichtMetadata"), listed)
    problems = _bodies(log, "rest-push", 422) + _bodies(log, "rest-push", 400)
    assert len(problems) == 3
    for body in problems:
        _validate(push, _component(push, "ValidationProblemDetails"), body)


def test_multipart_body_on_the_wire() -> None:
    """The bytes httpx sends are multipart/form-data with the two named parts."""
    import httpx

    with world() as w:
        envelope, data = message(gds801(1))
        request = w.client.push_request(envelope, data)
    built = httpx.Request(request.method, request.url, files=dict(request.files))
    body = built.read()
    parsed = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + built.headers["content-type"].encode() + b"\r\n\r\n" + body
    )
    names = [p.get_param("name", header="content-disposition") for p in parsed.iter_parts()]
    assert names == ["berichtMetadata", "payload"]
