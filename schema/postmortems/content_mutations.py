"""Mutations of the content sections: summary, timeline, root cause, impact, lessons, links."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.postmortems.inputs import (
    ImpactInput,
    LessonsInput,
    RecurrenceInput,
    RootCauseAnalysisInput,
    SummaryInput,
    TimelineEntryInput,
    target,
)
from schema.postmortems.results import ExpectedVersion, Info, PostmortemId, PostmortemResult, run
from service.application.commands import RemoveTimelineEntry
from service.domain.limits import DEFAULT_LIMITS as LIMITS

EntryId = Annotated[strawberry.ID, strawberry.argument(description="The timeline entry's id.")]


# Every content change is checked against the largest postmortem's content size.
CONTENT = (
    f" The content stays within {LIMITS.content_bytes:,} bytes per revision (UTF-8 JSON; limit "
    "content_bytes), else a ValidationError names the limit and nothing changes."
)


@strawberry.type
class ContentMutation:
    @strawberry.mutation(description="Replaces the summary." + CONTENT)
    async def write_summary(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, input: SummaryInput
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(
        description="Adds a timeline entry; its id is `createdId`. At most "
        f"{LIMITS.timeline_entries} entries (limit timeline_entries)." + CONTENT
    )
    async def add_timeline_entry(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: TimelineEntryInput,
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(description="Replaces a timeline entry." + CONTENT)
    async def edit_timeline_entry(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        entry_id: EntryId,
        input: TimelineEntryInput,
    ) -> PostmortemResult:
        return await run(info, input.to_edit_command(target(id, expected_version), entry_id))

    @strawberry.mutation(description="Removes a timeline entry.")
    async def remove_timeline_entry(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, entry_id: EntryId
    ) -> PostmortemResult:
        on = target(id, expected_version)
        return await run(info, RemoveTimelineEntry(**on, entry_id=str(entry_id)))

    @strawberry.mutation(description="Replaces the root-cause analysis." + CONTENT)
    async def write_root_cause_analysis(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: RootCauseAnalysisInput,
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(description="Replaces the impact assessment." + CONTENT)
    async def assess_impact(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, input: ImpactInput
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(description="Replaces the went-well and didn't-go-well lists." + CONTENT)
    async def write_lessons(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, input: LessonsInput
    ) -> PostmortemResult:
        return await run(info, input.to_command(target(id, expected_version)))

    @strawberry.mutation(
        description="Marks this postmortem a recurrence of an earlier one. At most "
        f"{LIMITS.recurrence_links} links (limit recurrence_links)."
    )
    async def link_recurrence(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: RecurrenceInput,
    ) -> PostmortemResult:
        return await run(info, input.to_link_command(target(id, expected_version)))

    @strawberry.mutation(description="Removes a recurrence link.")
    async def unlink_recurrence(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: RecurrenceInput,
    ) -> PostmortemResult:
        return await run(info, input.to_unlink_command(target(id, expected_version)))
