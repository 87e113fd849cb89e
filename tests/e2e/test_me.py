"""`me`: who the service thinks the caller is, and what their roles allow (what a frontend
shows or hides), through GraphQL over HTTP."""

from __future__ import annotations

from tests.support.live import LiveService

ME = "{ me { userId roles permissions } }"


def me(service: LiveService, user: str, roles: tuple[str, ...]) -> dict[str, object]:
    body = service.graphql(ME, user=user, roles=roles)
    assert "errors" not in body, body
    answer: dict[str, object] = body["data"]["me"]
    return answer


def test_me_names_the_user_their_roles_and_what_the_roles_allow(service: LiveService) -> None:
    assert me(service, "alice", ("author",)) == {
        "userId": "alice",
        "roles": ["author"],
        "permissions": ["CREATE", "EDIT", "SUBMIT", "COMMENT", "AMEND",
                        "UPDATE_ACTION_ITEM_STATUS"],
    }  # fmt: skip
    assert me(service, "rita", ("reviewer",))["permissions"] == [
        "COMMENT", "APPROVE", "REQUEST_CHANGES", "PUBLISH", "UPDATE_ACTION_ITEM_STATUS",
        "READ_ALL_DRAFTS", "READ_REVIEW_QUEUE",
    ]  # fmt: skip
    assert me(service, "carl", ("compliance",))["permissions"] == [
        "READ_AUDIT", "EXPORT_AUDIT", "READ_COMPLIANCE_REPORT", "READ_ALL_DRAFTS",
    ]  # fmt: skip
    both = me(service, "ada", ("compliance", "admin"))
    assert both["roles"] == ["admin", "compliance"]
    assert both["permissions"] == [
        "CREATE", "EDIT", "SUBMIT", "COMMENT", "AMEND", "WITHDRAW", "UPDATE_ACTION_ITEM_STATUS",
        "READ_AUDIT", "EXPORT_AUDIT", "READ_COMPLIANCE_REPORT", "READ_ALL_DRAFTS",
        "READ_PROJECTION_STATUS",
    ]  # fmt: skip
    assert me(service, "nina", ()) == {"userId": "nina", "roles": [], "permissions": []}


def test_me_without_a_token_is_refused(service: LiveService) -> None:
    response = service.post_graphql(ME, None, token=None)
    assert response.status_code == 401
