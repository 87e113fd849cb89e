"""Who sees what in the recurring-incident views (a read rule, enforced for every entry point).

Every authenticated user sees published postmortems (the latest published revision). Drafts
and postmortems in review are private to their authors, reviewers and admins; since these
views aggregate across all postmortems, unpublished ones are included only on request and
only for reviewers and admins (an author's own drafts are not singled out here).
"""

from __future__ import annotations

from service.domain.errors import NotPermitted
from service.domain.values import Actor

PUBLISHED_SCOPE = "published"
ALL_SCOPE = "all"
UNPUBLISHED_VIEW_ROLES = frozenset({"reviewer", "admin"})


def recurring_scope(actor: Actor | None, include_unpublished: bool) -> str:
    """Returns the scope of postmortems the actor's query covers, or raises NotPermitted."""
    if actor is None:
        raise NotPermitted("authentication required")
    if not include_unpublished:
        return PUBLISHED_SCOPE
    if not actor.roles & UNPUBLISHED_VIEW_ROLES:
        raise NotPermitted("includeUnpublished needs one of the roles admin, reviewer")
    return ALL_SCOPE
