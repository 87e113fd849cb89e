// The fields every page reads, once. Operations are typed from schema/schema.graphql.
import { graphql } from "../gql";

export const SectionsFieldsDoc = graphql(`
  fragment SectionsFields on PostmortemSections {
    title
    severity
    services
    tags
    team
    incidentRef
    incidentWindow {
      startedAt
      detectedAt
      mitigatedAt
      resolvedAt
    }
    authors
    summary
    timeline {
      id
      at
      kind
      description
      source
    }
    rootCause {
      whys {
        why
        because
      }
      statement
      category
      contributingFactors
    }
    impact {
      usersAffectedCount
      usersAffectedPercent
      downtimeMinutes
      downtimeDerived
      supportTickets
      revenueLoss {
        amount
        currency
      }
      responders {
        engineers
        hours
      }
      customerFacing
      slaBreached
      notes
    }
    wentWell
    wentBadly
    actionItems {
      id
      title
      description
      owner
      dueDate
      priority
      tracker
      status
      completedAt
    }
    recurrenceOf
  }
`);

export const PostmortemFieldsDoc = graphql(`
  fragment PostmortemFields on Postmortem {
    id
    version
    state
    ...SectionsFields
    reviewComments {
      id
      author
      section
      text
      at
      resolved
    }
    approvals {
      id
      reviewer
      at
      version
      contentHash
      revision
      policyVersion
      voided
      counted
    }
    approvalStatus {
      required
      validCount
      met
    }
    contentHash
    policyVersion
    revision
    revisions {
      revision
      publishedAt
      version
      contentHash
      policyVersion
      approvals {
        reviewer
        at
        version
        contentHash
        revision
        policyVersion
        counted
      }
      content {
        ...SectionsFields
      }
    }
    blamelessWarnings {
      field
      start
      end
      phrase
      message
    }
    amendmentReason
    withdrawnKind
    withdrawnReason
    createdAt
    createdBy
    updatedAt
    submittedAt
    firstPublishedAt
    submissionProblems {
      field
      message
    }
    readModel {
      state
      reason
      projections
    }
    exports {
      markdown
      html
      pdf
      timelineCsv
    }
  }
`);

export const ResultFieldsDoc = graphql(`
  fragment ResultFields on PostmortemResult {
    __typename
    ... on Postmortem {
      ...PostmortemFields
      createdId
      allowedTransitions
    }
    ... on Error {
      message
    }
    ... on ValidationError {
      fields {
        field
        message
      }
    }
    ... on ConcurrencyConflict {
      currentVersion
      expectedVersion
    }
    ... on InvalidTransition {
      fromState
      action
    }
  }
`);
