import{A as e}from"./Notes-DRh4pLg2.js";e(`
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
`),n=e(`
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
`),r=e(`
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
`);e(`
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
`);var i=e(`
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
`);export{r as i,n,t as r,i as t};