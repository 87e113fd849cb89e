"""The import command: an incident platform's delivery creates or fills a draft postmortem.

Finds the postmortem by its incident ref (the ref's reservation in the event store), or
creates it together with the reservation in one atomic save. Concurrent deliveries for one
incident (several API replicas, retries) race on the event store's unique (aggregate,
version) constraint: the loser reloads and applies its delivery again, which the
idempotency keys in the aggregate make safe. Nothing here keeps state in memory, so a
restart or another replica sees exactly what the event store holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from service.application.commands import ImportIncident
from service.application.permissions import Action, authorize
from service.application.postmortems import CommandResult, PostmortemApplication
from service.domain import (
    CommandContext,
    ConcurrencyConflict,
    ImportOutcome,
    ImportReport,
    IncidentRefReservation,
    Postmortem,
)
from service.domain.intake import admit

ATTEMPTS = 5


@dataclass(frozen=True)
class ImportResult(CommandResult):
    """What an import did: besides the postmortem and its version (`position` 0 and no
    document when nothing was written), the outcome, how many timeline entries were added
    or skipped (over the postmortem's limit, or removed by an author), and the metadata
    fields not taken with why (ImportReport)."""

    outcome: ImportOutcome = ImportOutcome.UNCHANGED
    added: int = 0
    skipped: int = 0
    fields_skipped: tuple[str, ...] = ()


def import_incident(
    app: PostmortemApplication, command: ImportIncident, ctx: CommandContext
) -> ImportResult:
    """Creates or updates the draft of the incident (`PostmortemApplication.handle` calls
    this for an ImportIncident command) and returns what happened.

    Raises NotPermitted unless the actor has the `integration` role, InvalidTransition once
    the postmortem was submitted or withdrawn, ValidationFailed for invalid incident data,
    and ConcurrencyConflict if other writers kept winning after ATTEMPTS tries.
    """
    authorize(ctx.actor, Action.IMPORT_INCIDENT, subject="importing an incident")
    command = admit(command)  # the platform's texts and times, like every command's
    incident, default_severity = command.incident, command.default_severity
    version = 0
    for _ in range(ATTEMPTS):
        postmortem_id = _reserved_for(app, incident.incident_ref)
        if postmortem_id is None:
            postmortem, report = Postmortem.start_from_incident(
                ctx=ctx, incident=incident, default_severity=default_severity, limits=app.limits
            )
            reservation = IncidentRefReservation.reserve(
                ctx=ctx, incident_ref=incident.incident_ref, postmortem_id=postmortem.id
            )
            to_save: tuple[Postmortem | IncidentRefReservation, ...] = (postmortem, reservation)
        else:
            postmortem = _load(app, postmortem_id)
            version = postmortem.version
            report = postmortem.import_incident(ctx=ctx, incident=incident, limits=app.limits)
            if report.outcome in (ImportOutcome.DUPLICATE, ImportOutcome.UNCHANGED):
                return _result(report, postmortem, None)
            to_save = (postmortem,)
        try:
            recordings = app.save(*to_save)
        except IntegrityError:
            continue  # another delivery of this incident was saved first: look again
        announced = app._announce(postmortem, max(r.notification.id for r in recordings))
        return _result(report, postmortem, announced)
    raise ConcurrencyConflict(version)


def _reserved_for(app: PostmortemApplication, incident_ref: str) -> UUID | None:
    try:
        reservation: object = app.repository.get(IncidentRefReservation.id_for(incident_ref))
    except AggregateNotFoundError:
        return None
    assert isinstance(reservation, IncidentRefReservation)
    return reservation.postmortem_id


def _load(app: PostmortemApplication, postmortem_id: UUID) -> Postmortem:
    postmortem: object = app.repository.get(postmortem_id)
    assert isinstance(postmortem, Postmortem)
    return postmortem


def _result(
    report: ImportReport, postmortem: Postmortem, saved: CommandResult | None
) -> ImportResult:
    return ImportResult(
        postmortem_id=postmortem.id,
        version=postmortem.version,
        position=0 if saved is None else saved.position,
        document=None if saved is None else saved.document,
        outcome=report.outcome,
        added=report.added,
        skipped=report.skipped,
        fields_skipped=report.fields_skipped,
    )
