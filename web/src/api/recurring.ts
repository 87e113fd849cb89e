// Recurring-incident views.
import { graphql } from "../gql";

export const RecurringPostmortemFieldsDoc = graphql(`
  fragment RecurringPostmortemFields on RecurringPostmortem {
    id
    title
    state
    severity
    team
    services
    category
    rootCauseStatement
    incidentStartedAt
    fixCompletedAt
    actionItems {
      id
      title
      owner
      status
      dueDate
      completedAt
    }
  }
`);

export const RecurringViewsDoc = graphql(`
  query RecurringViews(
    $window: TimeWindowInput
    $includeUnpublished: Boolean!
    $minOccurrences: Int!
  ) {
    recurringIncidents(
      window: $window
      includeUnpublished: $includeUnpublished
      minOccurrences: $minOccurrences
    ) {
      service
      category
      count
      firstSeen
      lastSeen
      postmortems {
        ...RecurringPostmortemFields
      }
    }
    recurredDespiteActionItems(
      window: $window
      includeUnpublished: $includeUnpublished
    ) {
      similarity
      linked
      earlier {
        ...RecurringPostmortemFields
      }
      later {
        ...RecurringPostmortemFields
      }
    }
    similarRootCauseClusters(
      window: $window
      includeUnpublished: $includeUnpublished
    ) {
      size
      services
      categories
      postmortems {
        id
        title
        services
        incidentStartedAt
      }
    }
  }
`);

export const IncidentTrendsDoc = graphql(`
  query IncidentTrends(
    $from: Date!
    $to: Date!
    $groupBy: TrendDimension!
    $includeUnpublished: Boolean!
    $timeZone: TimeZone
  ) {
    incidentTrends(
      from: $from
      to: $to
      groupBy: $groupBy
      includeUnpublished: $includeUnpublished
      timeZone: $timeZone
    ) {
      timeZone
      groupBy
      months
      series {
        key
        counts
        total
      }
    }
  }
`);

export const SimilarPostmortemsDoc = graphql(`
  query SimilarPostmortems($id: ID!, $includeUnpublished: Boolean!) {
    similarPostmortems(id: $id, includeUnpublished: $includeUnpublished) {
      similarity
      semanticSimilarity
      lexicalSimilarity
      linked
      postmortem {
        ...RecurringPostmortemFields
      }
    }
  }
`);

export const IncidentMetricsGroupFieldsDoc = graphql(`
  fragment IncidentMetricsGroupFields on IncidentMetricsGroup {
    month
    service
    severity
    incidents
    timeToDetect {
      count
      medianMinutes
      p90Minutes
    }
    timeToMitigate {
      count
      medianMinutes
      p90Minutes
    }
    timeToResolve {
      count
      medianMinutes
      p90Minutes
    }
    timeToPublish {
      count
      medianMinutes
      p90Minutes
    }
  }
`);

export const IncidentMetricsDoc = graphql(`
  query IncidentMetrics(
    $from: Date!
    $to: Date!
    $service: String
    $severity: Severity
    $includeUnpublished: Boolean!
    $timeZone: TimeZone
  ) {
    incidentMetrics(
      from: $from
      to: $to
      service: $service
      severity: $severity
      includeUnpublished: $includeUnpublished
      timeZone: $timeZone
    ) {
      months
      timeZone
      groups {
        ...IncidentMetricsGroupFields
      }
      totals {
        ...IncidentMetricsGroupFields
      }
    }
  }
`);
