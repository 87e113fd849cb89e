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
)
from schema.postmortems.queries import parse_id
from schema.postmortems.results import ExpectedVersion, Info, PostmortemId, PostmortemResult, change

EntryId = Annotated[strawberry.ID, strawberry.argument(description="The timeline entry's id.")]


@strawberry.type
class ContentMutation:
    @strawberry.mutation(description="Replaces the summary.")
    async def write_summary(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, input: SummaryInput
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.write_summary(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version, summary=input.summary
            ),
        )

    @strawberry.mutation(description="Adds a timeline entry; its id is `createdId`.")
    async def add_timeline_entry(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: TimelineEntryInput,
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.add_timeline_entry(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version, at=input.at,
                kind=input.kind, description=input.description, source=input.source,
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Replaces a timeline entry.")
    async def edit_timeline_entry(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        entry_id: EntryId,
        input: TimelineEntryInput,
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.edit_timeline_entry(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                entry_id=str(entry_id), at=input.at, kind=input.kind,
                description=input.description, source=input.source,
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Removes a timeline entry.")
    async def remove_timeline_entry(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, entry_id: EntryId
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.remove_timeline_entry(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                entry_id=str(entry_id),
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Replaces the root-cause analysis.")
    async def write_root_cause_analysis(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: RootCauseAnalysisInput,
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.write_root_cause_analysis(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                analysis=input.to_domain(),
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Replaces the impact assessment.")
    async def assess_impact(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, input: ImpactInput
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.assess_impact(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                impact=input.to_domain(),
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Replaces the went-well and didn't-go-well lists.")
    async def write_lessons(
        self, info: Info, id: PostmortemId, expected_version: ExpectedVersion, input: LessonsInput
    ) -> PostmortemResult:
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.write_lessons(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version,
                went_well=input.went_well, went_badly=input.went_badly,
            ),
        )  # fmt: skip

    @strawberry.mutation(description="Marks this postmortem a recurrence of an earlier one.")
    async def link_recurrence(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: RecurrenceInput,
    ) -> PostmortemResult:
        other_id = parse_id(input.postmortem_id)
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.link_recurrence(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version, other_id=other_id
            ),
        )

    @strawberry.mutation(description="Removes a recurrence link.")
    async def unlink_recurrence(
        self,
        info: Info,
        id: PostmortemId,
        expected_version: ExpectedVersion,
        input: RecurrenceInput,
    ) -> PostmortemResult:
        other_id = parse_id(input.postmortem_id)
        return await change(
            info,
            id,
            lambda app, ctx, pid: app.unlink_recurrence(
                ctx=ctx, postmortem_id=pid, expected_version=expected_version, other_id=other_id
            ),
        )
