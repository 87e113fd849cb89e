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
    $threshold: Float!
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
      threshold: $threshold
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
      threshold: $threshold
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
  ) {
    incidentTrends(from: $from, to: $to, groupBy: $groupBy, includeUnpublished: $includeUnpublished) {
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
  query SimilarPostmortems($id: ID!, $threshold: Float!, $includeUnpublished: Boolean!) {
    similarPostmortems(id: $id, threshold: $threshold, includeUnpublished: $includeUnpublished) {
      similarity
      linked
      postmortem {
        ...RecurringPostmortemFields
      }
    }
  }
`);
