import{F as e}from"./Notes-DYZuMvId.js";e(`
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
`);var t=e(`
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
`),n=e(`
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
`),r=e(`
  query SimilarPostmortems($id: ID!, $threshold: Float!, $includeUnpublished: Boolean!) {
    similarPostmortems(id: $id, threshold: $threshold, includeUnpublished: $includeUnpublished) {
      similarity
      linked
      postmortem {
        ...RecurringPostmortemFields
      }
    }
  }
`);export{t as n,r,n as t};