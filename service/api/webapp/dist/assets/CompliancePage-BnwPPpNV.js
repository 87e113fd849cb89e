import{r as e}from"./rolldown-runtime-XKyaHtl9.js";import{A as t,Ct as n,Dt as r,N as i,Ot as a,P as o,St as s,i as c,n as l,o as u,s as d,t as f,vt as p,y as m,yt as h,z as g}from"./Notes-DRh4pLg2.js";import{b as _,g as v,h as y}from"./index-CTl5SNlf.js";import{n as b,t as x}from"./download-BxyjnvWN.js";import{t as S}from"./PostmortemDocument-BqMs-NiI.js";var C=e(a(),1),w=t(`
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
`),T=t(`
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
`),E=t(`
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
`),D=o(),O=[`Created`,`MetadataUpdated`,`SummaryWritten`,`TimelineEntryAdded`,`TimelineEntryEdited`,`TimelineEntryRemoved`,`RootCauseAnalysisWritten`,`ImpactAssessed`,`LessonsWritten`,`ActionItemAdded`,`ActionItemEdited`,`ActionItemRemoved`,`ActionItemStatusChanged`,`ReviewCommentAdded`,`ReviewCommentResolved`,`RecurrenceLinked`,`RecurrenceUnlinked`,`AuthorAdded`,`SubmittedForReview`,`Approved`,`ChangesRequested`,`Published`,`Amended`,`Withdrawn`];function k(e){return e==null?`—`:typeof e==`string`?e:JSON.stringify(e)}function A(){let[e,t]=r(),n=i(),a={postmortemId:e.get(`postmortemId`)||null,actorId:e.get(`actorId`)||null,eventType:e.get(`eventType`)||null,from:n.fromInput(e.get(`from`)??``),to:n.fromInput(e.get(`to`)??``)},o=e.get(`order`)===`OLDEST_FIRST`?`OLDEST_FIRST`:`NEWEST_FIRST`,[s,c]=(0,C.useState)(null),[{data:u,fetching:d,error:m}]=g({query:w,variables:{filter:a,first:50,after:s,order:o},requestPolicy:`network-only`}),[h,_]=(0,C.useState)(null);function v(e){e.preventDefault();let n=new URLSearchParams;for(let[t,r]of new FormData(e.currentTarget).entries())typeof r==`string`&&r.trim()&&n.set(t,r.trim());c(null),t(n)}async function y(e){_(null);let t=b({...a,order:o});try{await x(`/exports/audit.${e}${t}`,`audit.${e}`)}catch(e){_(`Export failed: ${e.message}`)}}let S=u?.auditTrail;return(0,D.jsxs)(`section`,{"aria-labelledby":`audit-heading`,children:[(0,D.jsx)(`h2`,{id:`audit-heading`,children:`Audit trail`}),(0,D.jsxs)(`form`,{className:`filters`,onSubmit:v,"aria-label":`Filter the audit trail`,children:[(0,D.jsxs)(`label`,{children:[`Postmortem id`,(0,D.jsx)(`input`,{name:`postmortemId`,defaultValue:e.get(`postmortemId`)??``})]}),(0,D.jsxs)(`label`,{children:[`Actor`,(0,D.jsx)(`input`,{name:`actorId`,defaultValue:e.get(`actorId`)??``})]}),(0,D.jsxs)(`label`,{children:[`Event type`,(0,D.jsxs)(`select`,{name:`eventType`,defaultValue:e.get(`eventType`)??``,children:[(0,D.jsx)(`option`,{value:``,children:`Any`}),O.map(e=>(0,D.jsx)(`option`,{children:e},e))]})]}),(0,D.jsxs)(`label`,{children:[`From (${n.zone})`,(0,D.jsx)(`input`,{type:`datetime-local`,name:`from`,defaultValue:e.get(`from`)??``})]}),(0,D.jsxs)(`label`,{children:[`To (${n.zone})`,(0,D.jsx)(`input`,{type:`datetime-local`,name:`to`,defaultValue:e.get(`to`)??``})]}),(0,D.jsxs)(`label`,{children:[`Order`,(0,D.jsxs)(`select`,{name:`order`,defaultValue:o,children:[(0,D.jsx)(`option`,{value:`NEWEST_FIRST`,children:`Newest first`}),(0,D.jsx)(`option`,{value:`OLDEST_FIRST`,children:`Oldest first`})]})]}),(0,D.jsx)(`div`,{className:`actions`,children:(0,D.jsx)(`button`,{type:`submit`,className:`primary`,children:`Apply filters`})})]},e.toString()),(0,D.jsxs)(`div`,{className:`actions`,children:[(0,D.jsx)(`button`,{type:`button`,onClick:()=>y(`csv`),children:`Export CSV`}),(0,D.jsx)(`button`,{type:`button`,onClick:()=>y(`ndjson`),children:`Export NDJSON`}),(0,D.jsx)(j,{})]}),h&&(0,D.jsx)(f,{message:h}),m&&(0,D.jsx)(f,{message:m.message}),d&&!u&&(0,D.jsx)(l,{}),S&&(0,D.jsxs)(D.Fragment,{children:[(0,D.jsxs)(`p`,{role:`status`,className:`count`,children:[S.totalCount,` entr`,S.totalCount===1?`y`:`ies`]}),(0,D.jsxs)(`table`,{className:`list audit`,children:[(0,D.jsx)(`caption`,{className:`visually-hidden`,children:`Audit trail entries`}),(0,D.jsx)(`thead`,{children:(0,D.jsxs)(`tr`,{children:[(0,D.jsx)(`th`,{scope:`col`,children:`Position`}),(0,D.jsx)(`th`,{scope:`col`,children:`Time`}),(0,D.jsx)(`th`,{scope:`col`,children:`Postmortem`}),(0,D.jsx)(`th`,{scope:`col`,children:`Version`}),(0,D.jsx)(`th`,{scope:`col`,children:`Event`}),(0,D.jsx)(`th`,{scope:`col`,children:`Actor`}),(0,D.jsx)(`th`,{scope:`col`,children:`Changes`}),(0,D.jsx)(`th`,{scope:`col`,children:`Hash`})]})}),(0,D.jsx)(`tbody`,{children:S.edges.map(({node:e})=>(0,D.jsxs)(`tr`,{children:[(0,D.jsx)(`td`,{children:e.position}),(0,D.jsx)(`td`,{children:n.dateTime(e.at)}),(0,D.jsx)(`td`,{children:(0,D.jsxs)(p,{to:`/compliance/as-of?id=${e.postmortemId}&version=${e.version}`,title:`As it was at this version`,children:[e.postmortemId.slice(0,8),`…`]})}),(0,D.jsx)(`td`,{children:e.version}),(0,D.jsx)(`td`,{children:e.eventType}),(0,D.jsxs)(`td`,{children:[e.actorId,` `,(0,D.jsxs)(`span`,{className:`hint`,children:[`(`,e.actorRoles.join(`, `),`)`]}),e.reason&&(0,D.jsxs)(`div`,{className:`hint`,children:[`Reason: `,e.reason]})]}),(0,D.jsx)(`td`,{children:e.changes.length>0&&(0,D.jsxs)(`details`,{children:[(0,D.jsxs)(`summary`,{children:[e.changes.length,` field`,e.changes.length===1?``:`s`]}),(0,D.jsx)(`ul`,{children:e.changes.map(e=>(0,D.jsxs)(`li`,{children:[(0,D.jsx)(`code`,{children:e.path}),`: `,k(e.before),` → `,k(e.after)]},e.path))})]})}),(0,D.jsx)(`td`,{children:(0,D.jsxs)(`code`,{title:e.hash,children:[e.hash.slice(0,10),`…`]})})]},e.position))})]}),S.pageInfo.hasNextPage&&(0,D.jsx)(`button`,{type:`button`,onClick:()=>c(S.pageInfo.endCursor??null),children:`Next page`})]})]})}function j(){let[{data:e,fetching:t,error:n},r]=g({query:T,pause:!0}),i=e?.verifyAuditChain;return(0,D.jsxs)(`div`,{className:`chain`,children:[(0,D.jsx)(`button`,{type:`button`,onClick:()=>r({requestPolicy:`network-only`}),disabled:t,children:`Verify the audit chain`}),(0,D.jsxs)(`div`,{role:`status`,children:[t&&`Verifying…`,n&&(0,D.jsx)(`span`,{className:`error`,children:n.message}),i&&!t&&(i.ok?(0,D.jsxs)(`span`,{className:`good`,children:[`Chain intact: `,i.checkedEntries,` entries verified through position`,` `,i.verifiedThrough,`; head hash `,(0,D.jsxs)(`code`,{children:[i.headHash.slice(0,16),`…`]})]}):(0,D.jsxs)(`span`,{className:`error`,children:[`Broken at position `,i.firstBrokenLink?.position,` (`,i.firstBrokenLink?.kind,`):`,` `,i.firstBrokenLink?.message]}))]})]})}function M(){let[e,t]=r(),n=i(),a=e.get(`id`)??``,o=e.get(`version`)?Number(e.get(`version`)):null,s=n.fromInput(e.get(`at`)??``),[{data:c,fetching:u,error:d}]=g({query:m,variables:{id:a,asOfVersion:o,asOf:o?null:s},pause:!a||!o&&!s});function p(e){e.preventDefault();let n=new URLSearchParams;for(let[t,r]of new FormData(e.currentTarget).entries())typeof r==`string`&&r.trim()&&n.set(t,r.trim());t(n)}let h=c?.postmortem;return(0,D.jsxs)(`section`,{"aria-labelledby":`pit-heading`,children:[(0,D.jsx)(`h2`,{id:`pit-heading`,children:`A postmortem as it was`}),(0,D.jsxs)(`form`,{className:`filters`,onSubmit:p,"aria-label":`Which postmortem, at which version or time`,children:[(0,D.jsxs)(`label`,{className:`grow`,children:[`Postmortem id`,(0,D.jsx)(`input`,{name:`id`,defaultValue:a,required:!0})]}),(0,D.jsxs)(`label`,{children:[`Version`,(0,D.jsx)(`input`,{type:`number`,min:1,name:`version`,defaultValue:o??``})]}),(0,D.jsxs)(`label`,{children:[`or at time (${n.zone})`,(0,D.jsx)(`input`,{type:`datetime-local`,name:`at`,defaultValue:e.get(`at`)??``})]}),(0,D.jsx)(`div`,{className:`actions`,children:(0,D.jsx)(`button`,{type:`submit`,className:`primary`,children:`Show`})})]},e.toString()),d&&(0,D.jsx)(f,{message:d.message}),u&&(0,D.jsx)(l,{}),c&&!h&&(0,D.jsx)(`p`,{role:`status`,children:`Nothing to show: it did not exist yet then, or it was an unpublished draft you may not see.`}),h&&(0,D.jsxs)(D.Fragment,{children:[(0,D.jsxs)(`p`,{role:`status`,children:[(0,D.jsx)(`strong`,{children:h.title}),` at version `,h.version,` (`,n.dateTime(h.updatedAt),`):`,` `,(0,D.jsx)(v,{state:h.state}),` `,(0,D.jsx)(y,{severity:h.severity}),`, content hash`,` `,(0,D.jsxs)(`code`,{children:[h.contentHash.slice(0,16),`…`]})]}),(0,D.jsx)(S,{content:h,warnings:h.blamelessWarnings,headingLevel:3})]})]})}function N(e){let[t,n]=e.split(`-`).map(Number),r=new Date(Date.UTC(t,n-1-3,1)),i=new Date(Date.UTC(t,n,0));return{from:r.toISOString().slice(0,10),to:i.toISOString().slice(0,10)}}function P(){let e=i(),t=N(e.today()),[n,r]=(0,C.useState)(null),[a,o]=(0,C.useState)(null),[{data:s,fetching:m,error:h}]=g({query:E,variables:{fromDate:n?.fromDate??``,toDate:n?.toDate??``,timeZone:n?.timeZone,severity:n?.severity,service:n?.service,team:n?.team,asOf:n?.asOf},pause:!n,requestPolicy:`network-only`});function _(t){t.preventDefault();let n=new FormData(t.currentTarget),i=e=>String(n.get(e)??``).trim()||null;r({fromDate:i(`from`)??``,toDate:i(`to`)??``,timeZone:e.zone,severity:i(`severity`),service:i(`service`),team:i(`team`),asOf:e.fromInput(i(`asOf`)??``)})}async function v(e,t){if(n){o(null);try{await x(`${e}${b({...n,section:t.includes(`-`)?t.split(`-`)[1]:null})}`,`${t}`)}catch(e){o(`Export failed: ${e.message}`)}}}let S=s?.complianceReport;return(0,D.jsxs)(`section`,{"aria-labelledby":`report-heading`,children:[(0,D.jsx)(`h2`,{id:`report-heading`,children:`Compliance report`}),(0,D.jsxs)(`form`,{className:`filters`,onSubmit:_,"aria-label":`Report period and scope`,children:[(0,D.jsxs)(`label`,{children:[`Incidents resolved from`,(0,D.jsx)(`input`,{type:`date`,name:`from`,defaultValue:t.from,required:!0})]}),(0,D.jsxs)(`label`,{children:[`Through (included)`,(0,D.jsx)(`input`,{type:`date`,name:`to`,defaultValue:t.to,required:!0})]}),(0,D.jsxs)(`label`,{children:[`Severity`,(0,D.jsxs)(`select`,{name:`severity`,defaultValue:``,children:[(0,D.jsx)(`option`,{value:``,children:`Any`}),[`SEV1`,`SEV2`,`SEV3`,`SEV4`].map(e=>(0,D.jsx)(`option`,{children:e},e))]})]}),(0,D.jsxs)(`label`,{children:[`Service`,(0,D.jsx)(`input`,{name:`service`})]}),(0,D.jsxs)(`label`,{children:[`Team`,(0,D.jsx)(`input`,{name:`team`})]}),(0,D.jsxs)(`label`,{children:[`As of (${e.zone}, optional)`,(0,D.jsx)(`input`,{type:`datetime-local`,name:`asOf`})]}),(0,D.jsx)(`div`,{className:`actions`,children:(0,D.jsx)(`button`,{type:`submit`,className:`primary`,children:`Run report`})})]}),h&&(0,D.jsx)(f,{message:h.message}),m&&(0,D.jsx)(l,{}),a&&(0,D.jsx)(f,{message:a}),S&&(0,D.jsxs)(`div`,{className:`report`,children:[(0,D.jsxs)(`div`,{className:`actions`,children:[(0,D.jsx)(`button`,{type:`button`,onClick:()=>v(`/exports/compliance.json`,`compliance.json`),children:`Export JSON`}),(0,D.jsx)(`button`,{type:`button`,onClick:()=>v(`/exports/compliance.csv`,`compliance-sla.csv`),children:`Export SLA cases (CSV)`}),(0,D.jsx)(`button`,{type:`button`,onClick:()=>v(`/exports/compliance.csv`,`compliance-evidence.csv`),children:`Export review evidence (CSV)`}),(0,D.jsx)(`button`,{type:`button`,onClick:()=>v(`/exports/compliance.csv`,`compliance-owners.csv`),children:`Export action items by owner (CSV)`})]}),(0,D.jsxs)(`p`,{className:`hint`,children:[S.postmortems,` postmortem`,S.postmortems===1?``:`s`,` resolved from`,` `,e.dateTime(S.from),` to before `,e.dateTime(S.to),` (calendar days of `,S.timeZone,`), as of`,` `,e.dateTime(S.asOf),`; reflects event position `,S.position,`, audit chain head`,` `,(0,D.jsxs)(`code`,{children:[S.chainHeadHash?.slice(0,16)??`—`,`…`]})]}),(0,D.jsxs)(`div`,{className:`stats`,children:[(0,D.jsx)(F,{label:`SLA met`,value:S.publicationSla.met}),(0,D.jsx)(F,{label:`SLA breached`,value:S.publicationSla.breached}),(0,D.jsx)(F,{label:`Pending, breached`,value:S.publicationSla.pendingBreached}),(0,D.jsx)(F,{label:`Pending, within SLA`,value:S.publicationSla.pendingWithinSla}),(0,D.jsx)(F,{label:`Share met`,value:d(S.publicationSla.shareMet)}),(0,D.jsx)(F,{label:`Median to publish`,value:c(S.publicationSla.medianDaysToPublish)}),(0,D.jsx)(F,{label:`90th percentile`,value:c(S.publicationSla.p90DaysToPublish)}),(0,D.jsx)(F,{label:`Open action items`,value:S.actionItems.open}),(0,D.jsx)(F,{label:`Overdue action items`,value:S.actionItems.overdue}),(0,D.jsx)(F,{label:`Publications not meeting policy`,value:S.publicationsNotMeetingPolicy})]}),(0,D.jsx)(`h3`,{children:`Publication SLA by postmortem`}),(0,D.jsxs)(`table`,{className:`list`,children:[(0,D.jsx)(`caption`,{className:`visually-hidden`,children:`Publication SLA cases`}),(0,D.jsx)(`thead`,{children:(0,D.jsxs)(`tr`,{children:[(0,D.jsx)(`th`,{scope:`col`,children:`Postmortem`}),(0,D.jsx)(`th`,{scope:`col`,children:`Severity`}),(0,D.jsx)(`th`,{scope:`col`,children:`Resolved`}),(0,D.jsx)(`th`,{scope:`col`,children:`Deadline`}),(0,D.jsx)(`th`,{scope:`col`,children:`First published`}),(0,D.jsx)(`th`,{scope:`col`,children:`Days`}),(0,D.jsx)(`th`,{scope:`col`,children:`Status`})]})}),(0,D.jsx)(`tbody`,{children:S.slaCases.map(t=>(0,D.jsxs)(`tr`,{children:[(0,D.jsx)(`td`,{children:(0,D.jsx)(p,{to:`/postmortems/${t.postmortemId}`,children:t.title})}),(0,D.jsx)(`td`,{children:(0,D.jsx)(y,{severity:t.severity})}),(0,D.jsx)(`td`,{children:e.dateTime(t.resolvedAt)}),(0,D.jsx)(`td`,{children:e.dateTime(t.deadline)||`no SLA`}),(0,D.jsx)(`td`,{children:e.dateTime(t.firstPublishedAt)||`—`}),(0,D.jsx)(`td`,{children:c(t.daysToPublish)}),(0,D.jsx)(`td`,{children:(0,D.jsx)(`span`,{className:`badge sla-${t.status}`,children:u(t.status)})})]},t.postmortemId))})]}),(0,D.jsx)(`h3`,{children:`Action items by owner`}),(0,D.jsxs)(`table`,{className:`list`,children:[(0,D.jsx)(`caption`,{className:`visually-hidden`,children:`Action items by owner`}),(0,D.jsx)(`thead`,{children:(0,D.jsxs)(`tr`,{children:[(0,D.jsx)(`th`,{scope:`col`,children:`Owner`}),(0,D.jsx)(`th`,{scope:`col`,children:`Open`}),(0,D.jsx)(`th`,{scope:`col`,children:`Overdue`}),(0,D.jsx)(`th`,{scope:`col`,children:`Done on time`}),(0,D.jsx)(`th`,{scope:`col`,children:`Done late`}),(0,D.jsx)(`th`,{scope:`col`,children:`Won't do`})]})}),(0,D.jsx)(`tbody`,{children:S.actionItems.byOwner.map(e=>(0,D.jsxs)(`tr`,{children:[(0,D.jsx)(`td`,{children:e.owner}),(0,D.jsx)(`td`,{children:e.open}),(0,D.jsx)(`td`,{children:e.overdue}),(0,D.jsx)(`td`,{children:e.doneOnTime}),(0,D.jsx)(`td`,{children:e.doneLate}),(0,D.jsx)(`td`,{children:e.wontDo})]},e.owner))})]}),(0,D.jsx)(`h3`,{children:`Review evidence`}),(0,D.jsxs)(`table`,{className:`list`,children:[(0,D.jsx)(`caption`,{className:`visually-hidden`,children:`Review evidence of each publication`}),(0,D.jsx)(`thead`,{children:(0,D.jsxs)(`tr`,{children:[(0,D.jsx)(`th`,{scope:`col`,children:`Postmortem`}),(0,D.jsx)(`th`,{scope:`col`,children:`Revision`}),(0,D.jsx)(`th`,{scope:`col`,children:`Published`}),(0,D.jsx)(`th`,{scope:`col`,children:`Approvals`}),(0,D.jsx)(`th`,{scope:`col`,children:`Content hash`}),(0,D.jsx)(`th`,{scope:`col`,children:`Policy`})]})}),(0,D.jsx)(`tbody`,{children:S.reviewEvidence.map(t=>(0,D.jsxs)(`tr`,{children:[(0,D.jsx)(`td`,{children:(0,D.jsx)(p,{to:`/postmortems/${t.postmortemId}?revision=${t.revision}`,children:t.title})}),(0,D.jsx)(`td`,{children:t.revision}),(0,D.jsx)(`td`,{children:e.dateTime(t.publishedAt)}),(0,D.jsx)(`td`,{children:t.approvals.map(t=>`${t.reviewerId} at ${e.dateTime(t.approvedAt)}${t.valid?``:` (invalid)`}`).join(`; `)}),(0,D.jsxs)(`td`,{children:[(0,D.jsxs)(`code`,{title:t.contentHash,children:[t.contentHash.slice(0,12),`…`]}),t.contentHashVerified?` ✓`:` (unverified)`]}),(0,D.jsxs)(`td`,{children:[t.meetsPolicy?`Met`:`Not met: ${t.problems.join(`; `)}`,` (`,t.approvals.length,`/`,t.requiredApprovals??`?`,`)`]})]},`${t.postmortemId}-${t.revision}`))})]})]})]})}function F({label:e,value:t}){return(0,D.jsxs)(`div`,{className:`stat`,children:[(0,D.jsx)(`span`,{className:`stat-value`,children:t}),(0,D.jsx)(`span`,{className:`stat-label`,children:e})]})}function I(){let e=_();return(0,C.useEffect)(()=>{document.title=`Compliance · Postmortems`},[]),e.can(`READ_AUDIT`)?(0,D.jsxs)(D.Fragment,{children:[(0,D.jsx)(`h1`,{children:`Compliance`}),(0,D.jsxs)(`nav`,{"aria-label":`Compliance`,className:`tabs`,children:[(0,D.jsx)(h,{to:`/compliance`,end:!0,children:`Audit trail`}),(0,D.jsx)(h,{to:`/compliance/report`,children:`Compliance report`}),(0,D.jsx)(h,{to:`/compliance/as-of`,children:`Point in time`})]}),(0,D.jsxs)(n,{children:[(0,D.jsx)(s,{index:!0,element:(0,D.jsx)(A,{})}),(0,D.jsx)(s,{path:`report`,element:(0,D.jsx)(P,{})}),(0,D.jsx)(s,{path:`as-of`,element:(0,D.jsx)(M,{})})]})]}):(0,D.jsx)(`p`,{role:`alert`,className:`error`,children:`The audit trail and compliance reports are for the compliance and admin roles.`})}export{I as default};