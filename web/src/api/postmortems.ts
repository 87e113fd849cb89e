// Queries, mutations and the subscription of one postmortem and of the list.
import { graphql } from "../gql";

export const MeDoc = graphql(`
  query Me {
    me {
      userId
      roles
      permissions
    }
    organisation {
      timeZone
    }
  }
`);

export const PostmortemListDoc = graphql(`
  query PostmortemList(
    $first: Int!
    $after: String
    $filter: PostmortemFilter
    $orderBy: PostmortemOrder
  ) {
    postmortems(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          title
          severity
          state
          services
          team
          tags
          authors
          incidentWindow {
            startedAt
          }
          createdAt
          updatedAt
          blamelessWarningCount
          readModel {
            state
            reason
          }
        }
      }
    }
  }
`);

export const PostmortemDoc = graphql(`
  query Postmortem($id: ID!) {
    postmortem(id: $id) {
      ...PostmortemFields
      allowedTransitions
    }
  }
`);

export const PostmortemAsOfDoc = graphql(`
  query PostmortemAsOf($id: ID!, $asOfVersion: Int, $asOf: DateTime) {
    postmortem(id: $id, asOfVersion: $asOfVersion, asOf: $asOf) {
      ...PostmortemFields
    }
  }
`);

export const PostmortemChangedDoc = graphql(`
  subscription PostmortemChanged($id: ID!, $afterVersion: Int) {
    postmortemChanged(id: $id, afterVersion: $afterVersion) {
      ...PostmortemFields
      allowedTransitions
    }
  }
`);

export const CreatePostmortemDoc = graphql(`
  mutation CreatePostmortem($input: CreatePostmortemInput!) {
    createPostmortem(input: $input) {
      ...ResultFields
    }
  }
`);

export const UpdateMetadataDoc = graphql(`
  mutation UpdateMetadata($id: ID!, $expectedVersion: Int!, $input: MetadataInput!) {
    updatePostmortemMetadata(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const WriteSummaryDoc = graphql(`
  mutation WriteSummary($id: ID!, $expectedVersion: Int!, $input: SummaryInput!) {
    writeSummary(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const AddTimelineEntryDoc = graphql(`
  mutation AddTimelineEntry($id: ID!, $expectedVersion: Int!, $input: TimelineEntryInput!) {
    addTimelineEntry(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const EditTimelineEntryDoc = graphql(`
  mutation EditTimelineEntry(
    $id: ID!
    $expectedVersion: Int!
    $entryId: ID!
    $input: TimelineEntryInput!
  ) {
    editTimelineEntry(
      id: $id
      expectedVersion: $expectedVersion
      entryId: $entryId
      input: $input
    ) {
      ...ResultFields
    }
  }
`);

export const RemoveTimelineEntryDoc = graphql(`
  mutation RemoveTimelineEntry($id: ID!, $expectedVersion: Int!, $entryId: ID!) {
    removeTimelineEntry(id: $id, expectedVersion: $expectedVersion, entryId: $entryId) {
      ...ResultFields
    }
  }
`);

export const WriteRootCauseDoc = graphql(`
  mutation WriteRootCause($id: ID!, $expectedVersion: Int!, $input: RootCauseAnalysisInput!) {
    writeRootCauseAnalysis(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const AssessImpactDoc = graphql(`
  mutation AssessImpact($id: ID!, $expectedVersion: Int!, $input: ImpactInput!) {
    assessImpact(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const WriteLessonsDoc = graphql(`
  mutation WriteLessons($id: ID!, $expectedVersion: Int!, $input: LessonsInput!) {
    writeLessons(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const AddActionItemDoc = graphql(`
  mutation AddActionItem($id: ID!, $expectedVersion: Int!, $input: ActionItemInput!) {
    addActionItem(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const EditActionItemDoc = graphql(`
  mutation EditActionItem(
    $id: ID!
    $expectedVersion: Int!
    $itemId: ID!
    $input: ActionItemInput!
  ) {
    editActionItem(id: $id, expectedVersion: $expectedVersion, itemId: $itemId, input: $input) {
      ...ResultFields
    }
  }
`);

export const RemoveActionItemDoc = graphql(`
  mutation RemoveActionItem($id: ID!, $expectedVersion: Int!, $itemId: ID!) {
    removeActionItem(id: $id, expectedVersion: $expectedVersion, itemId: $itemId) {
      ...ResultFields
    }
  }
`);

export const ChangeActionItemStatusDoc = graphql(`
  mutation ChangeActionItemStatus(
    $id: ID!
    $expectedVersion: Int!
    $itemId: ID!
    $input: ActionItemStatusInput!
  ) {
    changeActionItemStatus(
      id: $id
      expectedVersion: $expectedVersion
      itemId: $itemId
      input: $input
    ) {
      ...ResultFields
    }
  }
`);

export const LinkRecurrenceDoc = graphql(`
  mutation LinkRecurrence($id: ID!, $expectedVersion: Int!, $input: RecurrenceInput!) {
    linkRecurrence(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const UnlinkRecurrenceDoc = graphql(`
  mutation UnlinkRecurrence($id: ID!, $expectedVersion: Int!, $input: RecurrenceInput!) {
    unlinkRecurrence(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const AddAuthorDoc = graphql(`
  mutation AddAuthor($id: ID!, $expectedVersion: Int!, $input: AddAuthorInput!) {
    addAuthor(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);
