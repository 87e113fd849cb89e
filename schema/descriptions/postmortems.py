"""Descriptions of the postmortem itself: its content sections (shared by `Postmortem`, its
published `PostmortemContent` and the `PostmortemSections` interface), its workflow fields,
enums, inputs and the typed errors of each mutation. Limits come from
`service.domain.validation` and `service.domain.limits` (the figures are theirs)."""

from __future__ import annotations

from service.domain import validation as v

_WHO_WRITES = (
    "Written by the postmortem's authors (and admins) while it is a DRAFT or has CHANGES_REQUESTED."
)
SECTIONS = {
    "title": f"The incident's one-line title, at most {v.MAX_TITLE} characters. {_WHO_WRITES}",
    "severity": "How bad the incident was, SEV1 the worst; the review policy (approvals "
    "required, publication SLA) depends on it.",
    "services": f"Names of the affected services, at most {v.MAX_SERVICES}, each at most "
    f"{v.MAX_SHORT_TEXT} characters; unique.",
    "tags": f"Free labels, at most {v.MAX_TAGS}, each at most {v.MAX_TAG} characters; unique.",
    "team": f"The owning team's name, at most {v.MAX_SHORT_TEXT} characters; null if not set.",
    "incidentWindow": "When the incident started, was detected, mitigated and resolved.",
    "summary": f"What happened, for a reader who was not there: plain text, at most "
    f"{v.MAX_SUMMARY} characters; empty until written.",
    "timeline": f"What happened when, in time order, at most {v.MAX_TIMELINE_ENTRIES} entries.",
    "rootCause": "The why → because chain, the root-cause statement and its category.",
    "impact": "Who and what the incident affected; every part optional.",
    "wentWell": f"What went well during the response, at most {v.MAX_LIST_ITEMS} entries.",
    "wentBadly": f"What did not go well, at most {v.MAX_LIST_ITEMS} entries.",
    "actionItems": f"Follow-up tasks, at most {v.MAX_ACTION_ITEMS}, in the order added.",
}
_SECTION_TYPES = ("Postmortem", "PostmortemContent", "PostmortemSections")

ENUMS = {
    "Severity.SEV1": "Critical: a major outage or data loss for many customers.",
    "Severity.SEV2": "Major: a significant part of the product degraded or unavailable.",
    "Severity.SEV3": "Minor: limited impact, a workaround exists.",
    "Severity.SEV4": "Low: little or no customer impact (a near miss, an internal issue).",
    "PostmortemState.DRAFT": "Being written by its authors; not visible to plain readers.",
    "PostmortemState.IN_REVIEW": "Submitted: reviewers approve it or request changes; "
    "content is frozen until then.",
    "PostmortemState.CHANGES_REQUESTED": "Sent back by a reviewer: authors edit and resubmit.",
    "PostmortemState.PUBLISHED": "Approved and published: every reader sees it; content "
    "changes only through an amendment.",
    "PostmortemState.WITHDRAWN": "Withdrawn (duplicate, not an incident, ...): kept for the "
    "audit trail, out of lists and reports.",
    "Priority.P0": "Do now: the incident can recur any time.",
    "Priority.P1": "Do this sprint.",
    "Priority.P2": "Do this quarter.",
    "Priority.P3": "Nice to have.",
    "ActionItemStatus.OPEN": "Not started.",
    "ActionItemStatus.IN_PROGRESS": "Being worked on.",
    "ActionItemStatus.DONE": "Completed; its completion time is recorded.",
    "ActionItemStatus.WONT_DO": "Decided against; counted apart from done in reports.",
    "TimelineKind.ALERT": "A monitoring alert fired.",
    "TimelineKind.PAGE": "Someone was paged.",
    "TimelineKind.ACKNOWLEDGEMENT": "A responder acknowledged the page.",
    "TimelineKind.INVESTIGATION": "A step of the diagnosis.",
    "TimelineKind.MITIGATION": "An action that reduced the impact.",
    "TimelineKind.COMMUNICATION": "A message to customers, status page or stakeholders.",
    "TimelineKind.DECISION": "A decision taken during the response.",
    "TimelineKind.RESOLUTION": "The incident was resolved.",
    "TimelineKind.OTHER": "Anything else worth recording.",
    "RootCauseCategory.CONFIGURATION": "A wrong or unexpected configuration value.",
    "RootCauseCategory.DEPLOYMENT": "A release, rollout or migration.",
    "RootCauseCategory.CODE_DEFECT": "A bug in the code.",
    "RootCauseCategory.CAPACITY": "Load beyond what the system could serve.",
    "RootCauseCategory.DEPENDENCY": "A failing upstream or third-party service.",
    "RootCauseCategory.PROCESS": "A gap in a process, runbook or review.",
    "RootCauseCategory.SECURITY": "An attack or a security control.",
    "RootCauseCategory.INFRASTRUCTURE": "Hardware, network, cloud provider or platform.",
    "RootCauseCategory.UNKNOWN": "Not determined (yet).",
    "Section.GENERAL": "The postmortem as a whole.",
    "Section.METADATA": "Title, severity, incident window, services, tags, team.",
    "Section.SUMMARY": "The summary.",
    "Section.TIMELINE": "The timeline.",
    "Section.ROOT_CAUSE": "The root-cause analysis.",
    "Section.IMPACT": "The impact assessment.",
    "Section.LESSONS": "What went well and what did not.",
    "Section.ACTION_ITEMS": "The action items.",
    "WithdrawalKind.DUPLICATE": "Another postmortem covers the same incident.",
    "WithdrawalKind.NOT_AN_INCIDENT": "On reflection, not an incident.",
    "WithdrawalKind.OTHER": "Another reason, given in the withdrawal's `reason`.",
    "Transition.EDIT": "Edit the content (mutations writing sections).",
    "Transition.SUBMIT_FOR_REVIEW": "submitForReview.",
    "Transition.RECALL_SUBMISSION": "recallSubmission: take it back from review.",
    "Transition.APPROVE": "approvePostmortem.",
    "Transition.REQUEST_CHANGES": "requestChanges.",
    "Transition.PUBLISH": "publishPostmortem (enough valid approvals exist).",
    "Transition.AMEND": "amendPostmortem: start an amendment of the published content.",
    "Transition.DISCARD_AMENDMENT": "discardAmendment: drop the amendment in progress.",
    "Transition.WITHDRAW": "withdrawPostmortem.",
    "Transition.COMMENT": "addReviewComment and resolveReviewComment.",
    "Transition.CHANGE_ACTION_ITEM_STATUS": "changeActionItemStatus.",
}

TYPES = {
    "ActionItem.id": "Identifies the item within its postmortem (pass it as `itemId`).",
    "ActionItem.title": f"What to do, at most {v.MAX_SHORT_TEXT} characters.",
    "ActionItem.description": f"Details, at most {v.MAX_DESCRIPTION} characters; may be empty.",
    "ActionItem.dueDate": "The calendar day it is due (ISO 8601 date, no zone); null if none.",
    "ActionItem.priority": "How urgent, P0 the most.",
    "ActionItemInput.priority": "How urgent, P0 the most.",
    "ActionItemStatusInput.status": "The new status; DONE records the completion time.",
    "Approval.at": "When the reviewer approved (ISO 8601 with zone, UTC).",
    "Approval.revision": "The published revision this approval counted towards (1 = first).",
    "Approval.policyVersion": "The review policy in force when approving, e.g. `2025-01`.",
    "ApprovalStatus.required": "Valid approvals the review policy requires at this severity.",
    "ApprovalStatus.validCount": "Approvals of the current content by reviewers who are not "
    "authors.",
    "ApprovalStatus.met": "Whether `validCount` reaches `required`: it may be published.",
    "BlamelessWarning.start": "Offset of the phrase's first character in the field "
    "(Unicode code points, from 0).",
    "BlamelessWarning.end": "Offset just after the phrase's last character (exclusive).",
    "BlamelessWarning.phrase": "The words that read as blaming someone.",
    "BlamelessWarning.message": "Why it reads as blame and how to phrase it blamelessly.",
    "ConcurrencyConflict.message": "What conflicted and how to go on (re-read, retry).",
    "ConcurrencyConflict.currentVersion": "The postmortem's version now: re-read, then retry "
    "with this as `expectedVersion`.",
    "ConcurrencyConflict.expectedVersion": "The version the request expected.",
    "CreatePostmortemInput.severity": "How bad the incident was, SEV1 the worst.",
    "Error.message": "Names the refused operation, why, and the way forward; for humans.",
    "FieldError.field": 'The input field at fault as a path, e.g. "timeline[2].at".',
    "FieldError.message": "What is wrong with it and what is allowed.",
    "Impact.usersAffectedCount": "How many users were affected (0 or more); null if unknown.",
    "Impact.usersAffectedPercent": "Share of users affected, 0 to 100 (percent).",
    "Impact.supportTickets": "Support tickets the incident caused (0 or more).",
    "Impact.revenueLoss": "Estimated revenue lost, in one currency.",
    "Impact.responders": "Response effort: engineers and hours.",
    "Impact.customerFacing": "Whether customers noticed; null if not assessed.",
    "Impact.slaBreached": "Whether a customer SLA was breached; null if not assessed.",
    "Impact.notes": f"Anything else about the impact, at most {v.MAX_DESCRIPTION} characters.",
    "ImpactInput.revenueLoss": "Estimated revenue lost; null if unknown.",
    "ImpactInput.responders": "Engineers who responded and hours each; null if unknown.",
    "ImpactInput.customerFacing": "Whether customers noticed; null if not assessed.",
    "ImpactInput.slaBreached": "Whether a customer SLA was breached; null if not assessed.",
    "IncidentWindow.startedAt": "When the incident began (ISO 8601 with zone, stored as UTC).",
    "IncidentWindow.detectedAt": "When it was noticed (not before `startedAt`); null if unknown.",
    "IncidentWindow.mitigatedAt": "When the impact stopped growing; null if unknown.",
    "IncidentWindow.resolvedAt": "When it was over; starts the publication SLA clock.",
    "IncidentWindowInput.detectedAt": "When it was noticed (ISO 8601 with zone); not before "
    "`startedAt`.",
    "IncidentWindowInput.mitigatedAt": "When the impact stopped growing (ISO 8601 with zone).",
    "InvalidTransition.message": "What was refused, in which state, and what to do instead.",
    "InvalidTransition.fromState": "The postmortem's state, which does not allow the action.",
    "MetadataInput.severity": "How bad the incident was, SEV1 the worst.",
    "NotFound.message": "Which postmortem was not found.",
    "NotFound.id": "The id asked for.",
    "NotPermitted.message": "What the caller may not do and which role or relation it needs.",
    "Postmortem.id": "The postmortem's id (a UUID); stable for its whole life.",
    "Postmortem.state": "Where it is in the workflow: draft, review, published, withdrawn.",
    "Postmortem.approvalStatus": "Approvals of the current content against the policy.",
    "Postmortem.blamelessWarningCount": "How many phrases read as blaming someone (all, even "
    "beyond the first 200 listed in `blamelessWarnings`).",
    "Postmortem.amendmentReason": "Why the published postmortem is being amended; null "
    "unless an amendment is in progress.",
    "Postmortem.withdrawnKind": "Why it was withdrawn; null unless WITHDRAWN.",
    "Postmortem.withdrawnReason": "The withdrawal's free-text reason; null unless WITHDRAWN.",
    "Postmortem.createdAt": "When it was created (ISO 8601 with zone, UTC).",
    "Postmortem.createdBy": "User id of whoever created it (its first author).",
    "Postmortem.updatedAt": "When any change was last made (ISO 8601 with zone, UTC).",
    "Postmortem.submittedAt": "When it was last submitted for review; null if never.",
    "Postmortem.firstPublishedAt": "When it was first published; null if never.",
    "ActionItemEdge": "One action item of a page, with its cursor.",
    "ActionItemEdge.cursor": "Where this item lies in the list: pass it as `after` or `before`.",
    "ActionItemEdge.node": "The action item and the postmortem it belongs to.",
    "ActionItemConnection.edges": "The page's items, in the list's order.",
    "ActionItemConnection.pageInfo": "Cursors and whether more items lie either way.",
    "ActionItemListing.postmortemId": "The postmortem the item belongs to.",
    "ActionItemListing.postmortemTitle": "That postmortem's title, as the caller sees it.",
    "ActionItemListing.severity": "That postmortem's severity.",
    "ActionItemListing.services": "That postmortem's affected services.",
    "ActionItemListing.team": "That postmortem's team; null if not set.",
    "ActionItemListing.item": "The action item itself.",
    "PostmortemEdge": "One postmortem of a page, with its cursor.",
    "PostmortemEdge.cursor": "Where this postmortem lies in the list and order: pass it as "
    "`after` or `before` with the same `orderBy`.",
    "PostmortemEdge.node": "The postmortem, as the caller may see it.",
    "PostmortemConnection.edges": "The page's postmortems, in the requested order.",
    "PostmortemConnection.pageInfo": "Cursors and whether more postmortems lie either way.",
    "PostmortemOrder.field": "What to sort by (ties go by id).",
    "PostmortemOrder.direction": "DESC (the default): newest, worst or last first; ASC the "
    "reverse.",
    "PublishedRevision.revision": "Its number: 1 for the first publication, +1 per amendment.",
    "PublishedRevision.publishedAt": "When it was published (ISO 8601 with zone, UTC).",
    "PublishedRevision.contentHash": "SHA-256 (hex) of the canonical JSON of `content`: what "
    "the approvals approved.",
    "PublishedRevision.policyVersion": "The review policy it was published under.",
    "PublishedRevision.approvals": "The approvals that allowed publishing it.",
    "PublishedRevision.content": "The content exactly as published (frozen).",
    "RequestChangesInput.section": "The section the reviewer's comment is about.",
    "ResponseEffort.engineers": "How many engineers responded (0 or more).",
    "ResponseEffort.hours": "Hours each engineer spent on the response, on average (0 or more).",
    "ReviewComment.id": "Identifies the comment (pass it to resolveReviewComment).",
    "ReviewComment.author": "User id of whoever wrote it.",
    "ReviewComment.section": "The section it is about.",
    "ReviewComment.text": "The comment (plain text).",
    "ReviewComment.at": "When it was written (ISO 8601 with zone, UTC).",
    "ReviewComment.resolved": "Whether an author or reviewer marked it resolved.",
    "ReviewCommentInput.section": "The section the comment is about.",
    "RootCauseAnalysis.whys": f"The why → because chain, at most {v.MAX_WHYS} steps.",
    "RootCauseAnalysis.statement": "The root cause in one or two sentences; empty until written.",
    "RootCauseAnalysis.category": "What kind of cause it was; null until chosen.",
    "RootCauseAnalysis.contributingFactors": f"What made it worse or likelier, at most "
    f"{v.MAX_LIST_ITEMS} entries.",
    "RootCauseAnalysisInput.category": "What kind of cause it was; null if not chosen yet.",
    "TimelineEntry.id": "Identifies the entry (pass it as `entryId` to edit or remove it).",
    "TimelineEntry.at": "When it happened (ISO 8601 with zone, stored as UTC).",
    "TimelineEntry.kind": "What kind of event it was.",
    "TimelineEntry.description": f"What happened, at most {v.MAX_DESCRIPTION} characters.",
    "TimelineEntry.source": "Where it came from (e.g. a PagerDuty incident); null if typed in.",
    "TimelineEntryInput.kind": "What kind of event it was.",
    "ValidationError.message": "A summary naming the refused operation.",
    "ValidationError.fields": "Every invalid input field, each with what is wrong.",
    "Why.why": "The question of this step (why did this happen?).",
    "Why.because": "Its answer, which the next step asks about.",
    "WithdrawInput.kind": "Why it is withdrawn; OTHER needs a `reason`.",
}

_INPUT = "What to write; see the input type's fields for limits."
ARGUMENTS = {
    f"Mutation.{name}(input)": _INPUT
    for name in (
        "createPostmortem", "updatePostmortemMetadata", "addAuthor", "writeSummary",
        "addTimelineEntry", "editTimelineEntry", "writeRootCauseAnalysis", "assessImpact",
        "writeLessons", "linkRecurrence", "unlinkRecurrence", "addActionItem", "editActionItem",
        "changeActionItemStatus", "addReviewComment", "recallSubmission", "requestChanges",
        "amendPostmortem", "discardAmendment", "withdrawPostmortem",
    )
}  # fmt: skip
ARGUMENTS |= {
    "Query.postmortem(id)": "The postmortem's id.",
    "Query.postmortem(asOfVersion)": "Rebuild it as of this version (1 = as created).",
    "Query.postmortem(asOf)": "Rebuild it as of this instant (ISO 8601 with zone).",
    "Query.postmortems(filter)": "Only postmortems matching every given criterion.",
    "Query.postmortems(orderBy)": "The order (default: newest incident first).",
    "Query.actionItems(filter)": "Only items matching every given criterion.",
    "Subscription.postmortemChanged(id)": "The postmortem to follow.",
    "Subscription.postmortemChanged(afterVersion)": "Resume after this version: every later "
    "version is sent, none twice (default: from the current one).",
}

POSTMORTEMS = {
    **{f"{t}.{field}": text for t in _SECTION_TYPES for field, text in SECTIONS.items()},
    **ENUMS,
    **TYPES,
    **ARGUMENTS,
}

_V = "ValidationError if any input field is invalid or a limit is reached"
_C = "ConcurrencyConflict if `expectedVersion` is not the current version"
_N = "NotFound if no postmortem has this id or the caller may not see it"
_P = "NotPermitted if the caller is not an author (or admin)"
_T = "InvalidTransition if the state does not allow it (e.g. PUBLISHED: amend first)"
_NOTHING = " Nothing is written when an error is returned."
_EDIT = f"{_V}; {_C}; {_N}; {_P}; {_T}.{_NOTHING}"
_REVIEWER = "NotPermitted if the caller is not a reviewer or is an author"
MUTATION_ERRORS = {
    "createPostmortem": f"{_V} (also when `incidentRef` already has a postmortem); "
    f"NotPermitted if the caller may not create postmortems.{_NOTHING}",
    **{
        name: _EDIT
        for name in (
            "updatePostmortemMetadata",
            "addAuthor",
            "writeSummary",
            "addTimelineEntry",
            "editTimelineEntry",
            "removeTimelineEntry",
            "writeRootCauseAnalysis",
            "assessImpact",
            "writeLessons",
            "linkRecurrence",
            "unlinkRecurrence",
            "addActionItem",
            "editActionItem",
            "removeActionItem",
        )
    },
    "changeActionItemStatus": f"{_V}; {_C}; {_N}; NotPermitted if the caller is neither an "
    f"author, the item's owner nor an admin; {_T}.{_NOTHING}",
    "addReviewComment": f"{_V}; {_C}; {_N}; NotPermitted if the caller is neither an author "
    f"nor a reviewer; {_T}.{_NOTHING}",
    "resolveReviewComment": f"{_V} (unknown comment id); {_C}; {_N}; NotPermitted if the "
    f"caller is neither an author nor a reviewer; {_T}.{_NOTHING}",
    "submitForReview": f"ValidationError listing what is missing (`submissionProblems`); {_C}; "
    f"{_N}; {_P}; InvalidTransition unless DRAFT or CHANGES_REQUESTED.{_NOTHING}",
    "recallSubmission": f"{_V}; {_C}; {_N}; {_P}; InvalidTransition unless IN_REVIEW.{_NOTHING}",
    "approvePostmortem": f"{_C}; {_N}; {_REVIEWER}; InvalidTransition unless IN_REVIEW, or "
    f"when the caller already approved this content.{_NOTHING}",
    "requestChanges": f"{_V}; {_C}; {_N}; {_REVIEWER}; InvalidTransition unless IN_REVIEW."
    f"{_NOTHING}",
    "publishPostmortem": f"{_C}; {_N}; NotPermitted if the caller may not publish; "
    f"InvalidTransition unless IN_REVIEW with enough valid approvals.{_NOTHING}",
    "amendPostmortem": f"{_V} (a reason is required); {_C}; {_N}; {_P}; InvalidTransition "
    f"unless PUBLISHED without an amendment in progress.{_NOTHING}",
    "discardAmendment": f"{_V}; {_C}; {_N}; {_P}; InvalidTransition unless an amendment is in "
    f"progress.{_NOTHING}",
    "withdrawPostmortem": f"{_V} (a reason is required); {_C}; {_N}; {_P}; InvalidTransition "
    f"if it was ever published (discard its amendment instead) or is WITHDRAWN.{_NOTHING}",
}
