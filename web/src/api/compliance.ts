// Audit trail, chain verification and the compliance report (compliance and admin roles).
import { graphql } from "../gql";

export const AuditTrailDoc = graphql(`
  query AuditTrail($filter: AuditTrailFilter, $first: Int!, $after: String, $order: AuditOrder!) {
    auditTrail(filter: $filter, first: $first, after: $after, order: $order) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          position
          postmortemId
          version
          eventType
          actorId
          actorRoles
          at
          correlationId
          reason
          changes {
            path
            before
            after
          }
          hash
        }
      }
    }
  }
`);

export const VerifyChainDoc = graphql(`
  query VerifyAuditChain {
    verifyAuditChain {
      ok
      checkedEntries
      verifiedThrough
      headPosition
      headHash
      firstBrokenLink {
        position
        kind
        postmortemId
        version
        message
      }
    }
  }
`);

export const ComplianceReportDoc = graphql(`
  query ComplianceReport(
    $fromDate: Date!
    $toDate: Date!
    $timeZone: TimeZone
    $severity: Severity
    $service: String
    $team: String
    $asOf: DateTime
  ) {
    complianceReport(
      fromDate: $fromDate
      toDate: $toDate
      timeZone: $timeZone
      severity: $severity
      service: $service
      team: $team
      asOf: $asOf
    ) {
      from
      to
      timeZone
      asOf
      generatedAt
      position
      chainHeadHash
      postmortems
      byStateAndSeverity {
        state
        severity
        count
      }
      publicationSla {
        policyVersion
        met
        breached
        pendingWithinSla
        pendingBreached
        noSla
        shareMet
        medianDaysToPublish
        p90DaysToPublish
        slaDays {
          severity
          days
        }
      }
      actionItems {
        open
        overdue
        doneOnTime
        doneLate
        wontDo
        medianOpenAgeDays
        byOwner {
          owner
          open
          overdue
          doneOnTime
          doneLate
          wontDo
        }
      }
      reviewEvidence {
        postmortemId
        title
        severity
        revision
        publishedAt
        version
        contentHash
        contentHashVerified
        policyVersion
        requiredApprovals
        meetsPolicy
        problems
        approvals {
          reviewerId
          approvedAt
          version
          contentHash
          valid
        }
      }
      publicationsNotMeetingPolicy
      publicationsUnverifiable
      slaCases {
        postmortemId
        title
        severity
        resolvedAt
        slaDays
        deadline
        firstPublishedAt
        daysToPublish
        status
      }
    }
  }
`);
