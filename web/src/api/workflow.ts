// Workflow mutations: submit, review, publish, amend, withdraw, comments.
import { graphql } from "../gql";

export const SubmitDoc = graphql(`
  mutation SubmitForReview($id: ID!, $expectedVersion: Int!) {
    submitForReview(id: $id, expectedVersion: $expectedVersion) {
      ...ResultFields
    }
  }
`);

export const ApproveDoc = graphql(`
  mutation Approve($id: ID!, $expectedVersion: Int!) {
    approvePostmortem(id: $id, expectedVersion: $expectedVersion) {
      ...ResultFields
    }
  }
`);

export const RequestChangesDoc = graphql(`
  mutation RequestChanges($id: ID!, $expectedVersion: Int!, $input: RequestChangesInput!) {
    requestChanges(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const PublishDoc = graphql(`
  mutation Publish($id: ID!, $expectedVersion: Int!) {
    publishPostmortem(id: $id, expectedVersion: $expectedVersion) {
      ...ResultFields
    }
  }
`);

export const AmendDoc = graphql(`
  mutation Amend($id: ID!, $expectedVersion: Int!, $input: AmendInput!) {
    amendPostmortem(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const RecallDoc = graphql(`
  mutation RecallSubmission($id: ID!, $expectedVersion: Int!, $input: RecallSubmissionInput!) {
    recallSubmission(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const DiscardAmendmentDoc = graphql(`
  mutation DiscardAmendment($id: ID!, $expectedVersion: Int!, $input: DiscardAmendmentInput!) {
    discardAmendment(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const WithdrawDoc = graphql(`
  mutation Withdraw($id: ID!, $expectedVersion: Int!, $input: WithdrawInput!) {
    withdrawPostmortem(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const AddCommentDoc = graphql(`
  mutation AddReviewComment($id: ID!, $expectedVersion: Int!, $input: ReviewCommentInput!) {
    addReviewComment(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...ResultFields
    }
  }
`);

export const ResolveCommentDoc = graphql(`
  mutation ResolveReviewComment($id: ID!, $expectedVersion: Int!, $commentId: ID!) {
    resolveReviewComment(id: $id, expectedVersion: $expectedVersion, commentId: $commentId) {
      ...ResultFields
    }
  }
`);

export const ReviewQueueDoc = graphql(`
  query ReviewQueue($first: Int!) {
    reviewQueue(first: $first) {
      postmortemId
      title
      severity
      version
      submittedAt
      approvals
      approvalsRequired
      blamelessWarningCount
    }
  }
`);

export const ReviewQueueChangedDoc = graphql(`
  subscription ReviewQueueChanged {
    reviewQueueChanged {
      postmortemId
      title
      severity
      version
      submittedAt
      approvals
      approvalsRequired
      blamelessWarningCount
    }
  }
`);

export const ActionItemsDoc = graphql(`
  query ActionItems($filter: ActionItemFilter, $first: Int!, $after: String, $timeZone: TimeZone) {
    actionItems(filter: $filter, first: $first, after: $after, timeZone: $timeZone) {
      totalCount
      timeZone
      today
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          postmortemId
          postmortemTitle
          severity
          services
          team
          overdue
          item {
            id
            title
            owner
            dueDate
            priority
            status
            tracker
          }
        }
      }
    }
  }
`);
