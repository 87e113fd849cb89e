"""What a refusal tells the user: why, and the way forward, in the API's own words.

Operations are named as the API names them: the GraphQL mutations, whose commands
(service/application/commands.py) carry the same names ("writeSummary", "amendPostmortem").
The application puts the refused operation first ("cannot writeSummary: ..."), see
`DomainError.refuse`; these are the reasons after it.
"""

from __future__ import annotations

from collections.abc import Collection

from .enums import EDITABLE, OPEN_STATES, PostmortemState

S = PostmortemState

_WITHDRAWN = (
    "the postmortem is WITHDRAWN and never changes again (start another with createPostmortem)"
)
# Way forward, by the states an operation needs and the state the postmortem is in.
_EDIT_IN_REVIEW = (
    "the postmortem is IN_REVIEW and reviewers approve exactly what they see; it can be edited "
    "again after an author takes it back with recallSubmission or a reviewer sends it back "
    "with requestChanges"
)
_FORWARD: dict[tuple[frozenset[PostmortemState], PostmortemState], str] = {
    (EDITABLE, S.IN_REVIEW): _EDIT_IN_REVIEW,
    (EDITABLE, S.PUBLISHED): "the postmortem is PUBLISHED; call amendPostmortem first",
    (frozenset({S.IN_REVIEW}), S.DRAFT): "the postmortem is DRAFT; call submitForReview first",
    (frozenset({S.IN_REVIEW}), S.CHANGES_REQUESTED): (
        "the postmortem is CHANGES_REQUESTED; its authors edit it and call submitForReview again"
    ),
    (frozenset({S.IN_REVIEW}), S.PUBLISHED): (
        "the postmortem is already PUBLISHED; call amendPostmortem to start a new revision"
    ),
    (frozenset({S.PUBLISHED}), S.DRAFT): (
        "the postmortem is DRAFT, not published: edit it directly"
    ),
    (frozenset({S.PUBLISHED}), S.CHANGES_REQUESTED): (
        "the postmortem is CHANGES_REQUESTED, not published: edit it directly"
    ),
    (frozenset({S.PUBLISHED}), S.IN_REVIEW): (
        "the postmortem is IN_REVIEW, not published: a reviewer publishes it "
        "(publishPostmortem) or sends it back (requestChanges)"
    ),
    (OPEN_STATES, S.PUBLISHED): (
        "the postmortem is PUBLISHED and its review is closed; call amendPostmortem to reopen it"
    ),
}
# Where one operation's way forward differs from its family's.
_BY_OPERATION: dict[tuple[str, PostmortemState], str] = {
    ("submitForReview", S.IN_REVIEW): (
        "the postmortem is already IN_REVIEW; reviewers approvePostmortem or requestChanges next"
    ),
    ("withdrawPostmortem", S.PUBLISHED): (
        "the postmortem is PUBLISHED and a published postmortem stays readable; call "
        "amendPostmortem to correct it"
    ),
    ("withdrawPostmortem", S.WITHDRAWN): "the postmortem is already WITHDRAWN",
    ("changeActionItemStatus", S.IN_REVIEW): (
        "the postmortem is IN_REVIEW and reviewers approve the action item statuses they see, "
        "so exactly those are published; take it back with recallSubmission to change a status "
        "now, or change it once it is published (publishPostmortem)"
    ),
    ("recallSubmission", S.DRAFT): "the postmortem is DRAFT, not in review: nothing to recall",
    ("recallSubmission", S.CHANGES_REQUESTED): (
        "the postmortem is CHANGES_REQUESTED: it is back with its authors already; edit it and "
        "call submitForReview again"
    ),
}


def wrong_state(
    operation: str, state: PostmortemState, allowed: Collection[PostmortemState]
) -> str:
    """Returns why `operation` is refused while the postmortem is in `state` (it needs one of
    `allowed`), and what to do instead."""
    needed = frozenset(allowed)
    if found := _BY_OPERATION.get((operation, state)):
        return found
    if state is S.WITHDRAWN:
        return _WITHDRAWN
    if found := _FORWARD.get((needed, state)):
        return found
    states = " or ".join(sorted(needed))
    return f"the postmortem is {state}; {operation} needs it to be {states}"


WITHDRAWING_A_PUBLISHED_ONE = (
    "a revision of this postmortem was published and stays readable, so it is never withdrawn; "
    "call discardAmendment to give the amendment up"
)
NEVER_PUBLISHED = (
    "the postmortem was never published, so there is no amendment to discard; "
    "withdrawPostmortem withdraws a draft"
)
NO_AMENDMENT = (
    "the postmortem is PUBLISHED with no amendment in progress; amendPostmortem starts one"
)
NOT_AN_EDITOR = (
    "only an author of this postmortem or an admin may do this; an author can add you with "
    "addAuthor"
)
AUTHOR_APPROVING = (
    "an author cannot approve their own postmortem (separation of duties); a reviewer who is "
    "not an author approves it"
)
ALREADY_APPROVED = (
    "you already approved this content; your approval counts until the content changes"
)
AUTHOR_REQUESTING_CHANGES = (
    "an author cannot request changes on their own postmortem; a reviewer who is not an author does"
)
NOT_STATUS_UPDATER = (
    "only an author, the item's owner or an admin may change an action item's status; ask one "
    "of them"
)
NOT_COMMENT_RESOLVER = (
    "only the comment's author, an author of the postmortem or an admin may resolve it"
)


def missing_approvals(counted: int, required: int, severity: str) -> str:
    """Returns why publishing is refused for want of approvals, and how many more it needs."""
    more = required - counted
    return (
        f"{counted} of {required} required approvals for {severity}; it needs {more} more "
        f"approvePostmortem by {'a reviewer' if more == 1 else 'reviewers'} who "
        f"{'is not an author' if more == 1 else 'are not authors'}"
    )
