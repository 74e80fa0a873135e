"""The OpenAPI document is public, valid in shape, and names the contract's paths."""


def test_openapi_document_lists_the_contract(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.")
    for path in ["/api/v1/me", "/api/v1/invitations", "/api/v1/invitations/{token}",
                 "/api/v1/invitations/{token}/redeem", "/api/v1/ideas", "/api/v1/ideas/{idea_id}",
                 "/api/v1/ideas/{idea_id}/vote", "/api/v1/ideas/{idea_id}/comments",
                 "/api/v1/ideas/{idea_id}/status", "/api/v1/photos/{photo_id}",
                 "/api/v1/session"]:
        assert path in spec["paths"], path
    create = spec["paths"]["/api/v1/ideas"]["post"]
    assert "multipart/form-data" in create["requestBody"]["content"]
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])
    error = spec["components"]["schemas"]["ErrorEnvelope"]
    assert "error" in error["properties"]


def test_every_creation_documents_its_replay(client):
    """Any creation sent again with its Idempotency-Key answers 200 with the original result."""
    spec = client.get("/api/v1/openapi.json").json
    creations = [(path, method, op) for path, item in spec["paths"].items()
                 for method, op in item.items()
                 if isinstance(op, dict) and "201" in op.get("responses", {})]
    assert len(creations) >= 6
    for path, method, op in creations:
        assert op["responses"]["200"]["content"] == op["responses"]["201"]["content"], (path, method)
        assert any(p["name"] == "Idempotency-Key" for p in op.get("parameters", [])), (path, method)


def test_no_two_paths_differ_only_in_their_parameter_names(client):
    """OpenAPI forbids templates like /x/{id} beside /x/{token}: a client cannot tell them apart."""
    import re
    spec = client.get("/api/v1/openapi.json").json
    shapes: dict[str, str] = {}
    for path in spec["paths"]:
        shape = re.sub(r"\{[^}]+\}", "{}", path)
        assert shape not in shapes, f"{path} and {shapes[shape]} are the same path"
        shapes[shape] = path


def test_invitations_are_listed_and_revoked_without_their_tokens(client):
    spec = client.get("/api/v1/openapi.json").json
    listed = spec["paths"]["/api/v1/invitations"]["get"]
    assert {p["name"] for p in listed["parameters"]} >= {"unit_id", "cursor", "limit"}
    assert "delete" in spec["paths"]["/api/v1/invitations/{token}"]
    item = spec["components"]["schemas"]["Invitation"]["properties"]
    assert {"id", "unit", "role", "display_name", "recovery_for", "max_uses", "use_count",
            "created_at", "expires_at", "created_by"} <= set(item)
    assert "token" not in item and "token_hash" not in item
    assert "id" in spec["components"]["schemas"]["InvitationCreated"]["properties"]
