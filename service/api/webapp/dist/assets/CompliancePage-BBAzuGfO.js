import{r as e}from"./rolldown-runtime-XKyaHtl9.js";import{Dt as t,Et as n,F as r,R as i,St as a,_t as o,a as s,c,i as l,l as u,n as d,o as f,p,s as m,t as h,u as g,vt as _,w as v,xt as y}from"./Notes-DYZuMvId.js";import{_ as b,f as x,p as S,v as C}from"./index-Cc65hDaW.js";import{t as w}from"./PostmortemDocument-CtZ4vXCa.js";var T=e(t(),1),E=r(`
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
`),D=r(`
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
`),O=r(`
  query ComplianceReport(
    $from: DateTime!
    $to: DateTime!
    $severity: Severity
    $service: String
    $team: String
    $asOf: DateTime
  ) {
    complianceReport(
      from: $from
      to: $to
      severity: $severity
      service: $service
      team: $team
      asOf: $asOf
    ) {
      from
      to
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
`);async function k(e,t){let n=C()?.token,r=await fetch(e,{headers:n?{Authorization:`Bearer ${n}`}:{}});if(!r.ok){let e=`the service answered ${r.status}`;try{e=(await r.json()).errors?.[0]?.message??e}catch{}throw Error(e)}let i=r.headers.get(`content-disposition`)??``,a=/filename="([^"]+)"/.exec(i)?.[1]??t,o=URL.createObjectURL(await r.blob()),s=document.createElement(`a`);s.href=o,s.download=a,document.body.appendChild(s),s.click(),s.remove(),setTimeout(()=>URL.revokeObjectURL(o),1e4)}function A(e){let t=new URLSearchParams;for(let[n,r]of Object.entries(e))r&&t.set(n,r);let n=t.toString();return n?`?${n}`:``}var j=p(),M=[`Created`,`MetadataUpdated`,`SummaryWritten`,`TimelineEntryAdded`,`TimelineEntryEdited`,`TimelineEntryRemoved`,`RootCauseAnalysisWritten`,`ImpactAssessed`,`LessonsWritten`,`ActionItemAdded`,`ActionItemEdited`,`ActionItemRemoved`,`ActionItemStatusChanged`,`ReviewCommentAdded`,`ReviewCommentResolved`,`RecurrenceLinked`,`RecurrenceUnlinked`,`AuthorAdded`,`SubmittedForReview`,`Approved`,`ChangesRequested`,`Published`,`Amended`,`Withdrawn`];function N(e){return e==null?`—`:typeof e==`string`?e:JSON.stringify(e)}function P(){let[e,t]=n(),r={postmortemId:e.get(`postmortemId`)||null,actorId:e.get(`actorId`)||null,eventType:e.get(`eventType`)||null,from:c(e.get(`from`)??``),to:c(e.get(`to`)??``)},a=e.get(`order`)===`OLDEST_FIRST`?`OLDEST_FIRST`:`NEWEST_FIRST`,[s,l]=(0,T.useState)(null),[{data:u,fetching:f,error:p}]=i({query:E,variables:{filter:r,first:50,after:s,order:a},requestPolicy:`network-only`}),[g,_]=(0,T.useState)(null);function v(e){e.preventDefault();let n=new URLSearchParams;for(let[t,r]of new FormData(e.currentTarget).entries())typeof r==`string`&&r.trim()&&n.set(t,r.trim());l(null),t(n)}async function y(e){_(null);let t=A({...r,order:a});try{await k(`/exports/audit.${e}${t}`,`audit.${e}`)}catch(e){_(`Export failed: ${e.message}`)}}let b=u?.auditTrail;return(0,j.jsxs)(`section`,{"aria-labelledby":`audit-heading`,children:[(0,j.jsx)(`h2`,{id:`audit-heading`,children:`Audit trail`}),(0,j.jsxs)(`form`,{className:`filters`,onSubmit:v,"aria-label":`Filter the audit trail`,children:[(0,j.jsxs)(`label`,{children:[`Postmortem id`,(0,j.jsx)(`input`,{name:`postmortemId`,defaultValue:e.get(`postmortemId`)??``})]}),(0,j.jsxs)(`label`,{children:[`Actor`,(0,j.jsx)(`input`,{name:`actorId`,defaultValue:e.get(`actorId`)??``})]}),(0,j.jsxs)(`label`,{children:[`Event type`,(0,j.jsxs)(`select`,{name:`eventType`,defaultValue:e.get(`eventType`)??``,children:[(0,j.jsx)(`option`,{value:``,children:`Any`}),M.map(e=>(0,j.jsx)(`option`,{children:e},e))]})]}),(0,j.jsxs)(`label`,{children:[`From (UTC)`,(0,j.jsx)(`input`,{type:`datetime-local`,name:`from`,defaultValue:e.get(`from`)??``})]}),(0,j.jsxs)(`label`,{children:[`To (UTC)`,(0,j.jsx)(`input`,{type:`datetime-local`,name:`to`,defaultValue:e.get(`to`)??``})]}),(0,j.jsxs)(`label`,{children:[`Order`,(0,j.jsxs)(`select`,{name:`order`,defaultValue:a,children:[(0,j.jsx)(`option`,{value:`NEWEST_FIRST`,children:`Newest first`}),(0,j.jsx)(`option`,{value:`OLDEST_FIRST`,children:`Oldest first`})]})]}),(0,j.jsx)(`div`,{className:`actions`,children:(0,j.jsx)(`button`,{type:`submit`,className:`primary`,children:`Apply filters`})})]},e.toString()),(0,j.jsxs)(`div`,{className:`actions`,children:[(0,j.jsx)(`button`,{type:`button`,onClick:()=>y(`csv`),children:`Export CSV`}),(0,j.jsx)(`button`,{type:`button`,onClick:()=>y(`ndjson`),children:`Export NDJSON`}),(0,j.jsx)(F,{})]}),g&&(0,j.jsx)(h,{message:g}),p&&(0,j.jsx)(h,{message:p.message}),f&&!u&&(0,j.jsx)(d,{}),b&&(0,j.jsxs)(j.Fragment,{children:[(0,j.jsxs)(`p`,{role:`status`,className:`count`,children:[b.totalCount,` entr`,b.totalCount===1?`y`:`ies`]}),(0,j.jsxs)(`table`,{className:`list audit`,children:[(0,j.jsx)(`caption`,{className:`visually-hidden`,children:`Audit trail entries`}),(0,j.jsx)(`thead`,{children:(0,j.jsxs)(`tr`,{children:[(0,j.jsx)(`th`,{scope:`col`,children:`Position`}),(0,j.jsx)(`th`,{scope:`col`,children:`Time`}),(0,j.jsx)(`th`,{scope:`col`,children:`Postmortem`}),(0,j.jsx)(`th`,{scope:`col`,children:`Version`}),(0,j.jsx)(`th`,{scope:`col`,children:`Event`}),(0,j.jsx)(`th`,{scope:`col`,children:`Actor`}),(0,j.jsx)(`th`,{scope:`col`,children:`Changes`}),(0,j.jsx)(`th`,{scope:`col`,children:`Hash`})]})}),(0,j.jsx)(`tbody`,{children:b.edges.map(({node:e})=>(0,j.jsxs)(`tr`,{children:[(0,j.jsx)(`td`,{children:e.position}),(0,j.jsx)(`td`,{children:m(e.at)}),(0,j.jsx)(`td`,{children:(0,j.jsxs)(o,{to:`/compliance/as-of?id=${e.postmortemId}&version=${e.version}`,title:`As it was at this version`,children:[e.postmortemId.slice(0,8),`…`]})}),(0,j.jsx)(`td`,{children:e.version}),(0,j.jsx)(`td`,{children:e.eventType}),(0,j.jsxs)(`td`,{children:[e.actorId,` `,(0,j.jsxs)(`span`,{className:`hint`,children:[`(`,e.actorRoles.join(`, `),`)`]}),e.reason&&(0,j.jsxs)(`div`,{className:`hint`,children:[`Reason: `,e.reason]})]}),(0,j.jsx)(`td`,{children:e.changes.length>0&&(0,j.jsxs)(`details`,{children:[(0,j.jsxs)(`summary`,{children:[e.changes.length,` field`,e.changes.length===1?``:`s`]}),(0,j.jsx)(`ul`,{children:e.changes.map(e=>(0,j.jsxs)(`li`,{children:[(0,j.jsx)(`code`,{children:e.path}),`: `,N(e.before),` → `,N(e.after)]},e.path))})]})}),(0,j.jsx)(`td`,{children:(0,j.jsxs)(`code`,{title:e.hash,children:[e.hash.slice(0,10),`…`]})})]},e.position))})]}),b.pageInfo.hasNextPage&&(0,j.jsx)(`button`,{type:`button`,onClick:()=>l(b.pageInfo.endCursor??null),children:`Next page`})]})]})}function F(){let[{data:e,fetching:t,error:n},r]=i({query:D,pause:!0}),a=e?.verifyAuditChain;return(0,j.jsxs)(`div`,{className:`chain`,children:[(0,j.jsx)(`button`,{type:`button`,onClick:()=>r({requestPolicy:`network-only`}),disabled:t,children:`Verify the audit chain`}),(0,j.jsxs)(`div`,{role:`status`,children:[t&&`Verifying…`,n&&(0,j.jsx)(`span`,{className:`error`,children:n.message}),a&&!t&&(a.ok?(0,j.jsxs)(`span`,{className:`good`,children:[`Chain intact: `,a.checkedEntries,` entries verified through position`,` `,a.verifiedThrough,`; head hash `,(0,j.jsxs)(`code`,{children:[a.headHash.slice(0,16),`…`]})]}):(0,j.jsxs)(`span`,{className:`error`,children:[`Broken at position `,a.firstBrokenLink?.position,` (`,a.firstBrokenLink?.kind,`):`,` `,a.firstBrokenLink?.message]}))]})]})}function I(){let[e,t]=n(),r=e.get(`id`)??``,a=e.get(`version`)?Number(e.get(`version`)):null,o=c(e.get(`at`)??``),[{data:s,fetching:l,error:u}]=i({query:v,variables:{id:r,asOfVersion:a,asOf:a?null:o},pause:!r||!a&&!o});function f(e){e.preventDefault();let n=new URLSearchParams;for(let[t,r]of new FormData(e.currentTarget).entries())typeof r==`string`&&r.trim()&&n.set(t,r.trim());t(n)}let p=s?.postmortem;return(0,j.jsxs)(`section`,{"aria-labelledby":`pit-heading`,children:[(0,j.jsx)(`h2`,{id:`pit-heading`,children:`A postmortem as it was`}),(0,j.jsxs)(`form`,{className:`filters`,onSubmit:f,"aria-label":`Which postmortem, at which version or time`,children:[(0,j.jsxs)(`label`,{className:`grow`,children:[`Postmortem id`,(0,j.jsx)(`input`,{name:`id`,defaultValue:r,required:!0})]}),(0,j.jsxs)(`label`,{children:[`Version`,(0,j.jsx)(`input`,{type:`number`,min:1,name:`version`,defaultValue:a??``})]}),(0,j.jsxs)(`label`,{children:[`or at time (UTC)`,(0,j.jsx)(`input`,{type:`datetime-local`,name:`at`,defaultValue:e.get(`at`)??``})]}),(0,j.jsx)(`div`,{className:`actions`,children:(0,j.jsx)(`button`,{type:`submit`,className:`primary`,children:`Show`})})]},e.toString()),u&&(0,j.jsx)(h,{message:u.message}),l&&(0,j.jsx)(d,{}),s&&!p&&(0,j.jsx)(`p`,{role:`status`,children:`Nothing to show: it did not exist yet then, or it was an unpublished draft you may not see.`}),p&&(0,j.jsxs)(j.Fragment,{children:[(0,j.jsxs)(`p`,{role:`status`,children:[(0,j.jsx)(`strong`,{children:p.title}),` at version `,p.version,` (`,m(p.updatedAt),`):`,` `,(0,j.jsx)(S,{state:p.state}),` `,(0,j.jsx)(x,{severity:p.severity}),`, content hash`,` `,(0,j.jsxs)(`code`,{children:[p.contentHash.slice(0,16),`…`]})]}),(0,j.jsx)(w,{content:p,warnings:p.blamelessWarnings,headingLevel:3})]})]})}function L(){let e=new Date,t=new Date(Date.UTC(e.getUTCFullYear(),e.getUTCMonth()-3,1)),n=new Date(Date.UTC(e.getUTCFullYear(),e.getUTCMonth()+1,1));return{from:t.toISOString().slice(0,10),to:n.toISOString().slice(0,10)}}function R(){let e=L(),[t,n]=(0,T.useState)(null),[r,a]=(0,T.useState)(null),[{data:p,fetching:_,error:v}]=i({query:O,variables:{from:t?.from??``,to:t?.to??``,severity:t?.severity,service:t?.service,team:t?.team,asOf:t?.asOf},pause:!t,requestPolicy:`network-only`});function y(e){e.preventDefault();let t=new FormData(e.currentTarget),r=e=>String(t.get(e)??``).trim()||null;n({from:l(r(`from`)??``)??``,to:l(r(`to`)??``)??``,severity:r(`severity`),service:r(`service`),team:r(`team`),asOf:c(r(`asOf`)??``)})}async function b(e,n){if(t){a(null);try{await k(`${e}${A({...t,section:n.includes(`-`)?n.split(`-`)[1]:null})}`,`${n}`)}catch(e){a(`Export failed: ${e.message}`)}}}let S=p?.complianceReport;return(0,j.jsxs)(`section`,{"aria-labelledby":`report-heading`,children:[(0,j.jsx)(`h2`,{id:`report-heading`,children:`Compliance report`}),(0,j.jsxs)(`form`,{className:`filters`,onSubmit:y,"aria-label":`Report period and scope`,children:[(0,j.jsxs)(`label`,{children:[`Incidents resolved from`,(0,j.jsx)(`input`,{type:`date`,name:`from`,defaultValue:e.from,required:!0})]}),(0,j.jsxs)(`label`,{children:[`Before`,(0,j.jsx)(`input`,{type:`date`,name:`to`,defaultValue:e.to,required:!0})]}),(0,j.jsxs)(`label`,{children:[`Severity`,(0,j.jsxs)(`select`,{name:`severity`,defaultValue:``,children:[(0,j.jsx)(`option`,{value:``,children:`Any`}),[`SEV1`,`SEV2`,`SEV3`,`SEV4`].map(e=>(0,j.jsx)(`option`,{children:e},e))]})]}),(0,j.jsxs)(`label`,{children:[`Service`,(0,j.jsx)(`input`,{name:`service`})]}),(0,j.jsxs)(`label`,{children:[`Team`,(0,j.jsx)(`input`,{name:`team`})]}),(0,j.jsxs)(`label`,{children:[`As of (UTC, optional)`,(0,j.jsx)(`input`,{type:`datetime-local`,name:`asOf`})]}),(0,j.jsx)(`div`,{className:`actions`,children:(0,j.jsx)(`button`,{type:`submit`,className:`primary`,children:`Run report`})})]}),v&&(0,j.jsx)(h,{message:v.message}),_&&(0,j.jsx)(d,{}),r&&(0,j.jsx)(h,{message:r}),S&&(0,j.jsxs)(`div`,{className:`report`,children:[(0,j.jsxs)(`div`,{className:`actions`,children:[(0,j.jsx)(`button`,{type:`button`,onClick:()=>b(`/exports/compliance.json`,`compliance.json`),children:`Export JSON`}),(0,j.jsx)(`button`,{type:`button`,onClick:()=>b(`/exports/compliance.csv`,`compliance-sla.csv`),children:`Export SLA cases (CSV)`}),(0,j.jsx)(`button`,{type:`button`,onClick:()=>b(`/exports/compliance.csv`,`compliance-evidence.csv`),children:`Export review evidence (CSV)`}),(0,j.jsx)(`button`,{type:`button`,onClick:()=>b(`/exports/compliance.csv`,`compliance-owners.csv`),children:`Export action items by owner (CSV)`})]}),(0,j.jsxs)(`p`,{className:`hint`,children:[S.postmortems,` postmortem`,S.postmortems===1?``:`s`,` resolved from`,` `,f(S.from),` to `,f(S.to),`, as of `,m(S.asOf),`; reflects event position `,S.position,`, audit chain head`,` `,(0,j.jsxs)(`code`,{children:[S.chainHeadHash?.slice(0,16)??`—`,`…`]})]}),(0,j.jsxs)(`div`,{className:`stats`,children:[(0,j.jsx)(z,{label:`SLA met`,value:S.publicationSla.met}),(0,j.jsx)(z,{label:`SLA breached`,value:S.publicationSla.breached}),(0,j.jsx)(z,{label:`Pending, breached`,value:S.publicationSla.pendingBreached}),(0,j.jsx)(z,{label:`Pending, within SLA`,value:S.publicationSla.pendingWithinSla}),(0,j.jsx)(z,{label:`Share met`,value:g(S.publicationSla.shareMet)}),(0,j.jsx)(z,{label:`Median to publish`,value:s(S.publicationSla.medianDaysToPublish)}),(0,j.jsx)(z,{label:`90th percentile`,value:s(S.publicationSla.p90DaysToPublish)}),(0,j.jsx)(z,{label:`Open action items`,value:S.actionItems.open}),(0,j.jsx)(z,{label:`Overdue action items`,value:S.actionItems.overdue}),(0,j.jsx)(z,{label:`Publications not meeting policy`,value:S.publicationsNotMeetingPolicy})]}),(0,j.jsx)(`h3`,{children:`Publication SLA by postmortem`}),(0,j.jsxs)(`table`,{className:`list`,children:[(0,j.jsx)(`caption`,{className:`visually-hidden`,children:`Publication SLA cases`}),(0,j.jsx)(`thead`,{children:(0,j.jsxs)(`tr`,{children:[(0,j.jsx)(`th`,{scope:`col`,children:`Postmortem`}),(0,j.jsx)(`th`,{scope:`col`,children:`Severity`}),(0,j.jsx)(`th`,{scope:`col`,children:`Resolved`}),(0,j.jsx)(`th`,{scope:`col`,children:`Deadline`}),(0,j.jsx)(`th`,{scope:`col`,children:`First published`}),(0,j.jsx)(`th`,{scope:`col`,children:`Days`}),(0,j.jsx)(`th`,{scope:`col`,children:`Status`})]})}),(0,j.jsx)(`tbody`,{children:S.slaCases.map(e=>(0,j.jsxs)(`tr`,{children:[(0,j.jsx)(`td`,{children:(0,j.jsx)(o,{to:`/postmortems/${e.postmortemId}`,children:e.title})}),(0,j.jsx)(`td`,{children:(0,j.jsx)(x,{severity:e.severity})}),(0,j.jsx)(`td`,{children:m(e.resolvedAt)}),(0,j.jsx)(`td`,{children:m(e.deadline)||`no SLA`}),(0,j.jsx)(`td`,{children:m(e.firstPublishedAt)||`—`}),(0,j.jsx)(`td`,{children:s(e.daysToPublish)}),(0,j.jsx)(`td`,{children:(0,j.jsx)(`span`,{className:`badge sla-${e.status}`,children:u(e.status)})})]},e.postmortemId))})]}),(0,j.jsx)(`h3`,{children:`Action items by owner`}),(0,j.jsxs)(`table`,{className:`list`,children:[(0,j.jsx)(`caption`,{className:`visually-hidden`,children:`Action items by owner`}),(0,j.jsx)(`thead`,{children:(0,j.jsxs)(`tr`,{children:[(0,j.jsx)(`th`,{scope:`col`,children:`Owner`}),(0,j.jsx)(`th`,{scope:`col`,children:`Open`}),(0,j.jsx)(`th`,{scope:`col`,children:`Overdue`}),(0,j.jsx)(`th`,{scope:`col`,children:`Done on time`}),(0,j.jsx)(`th`,{scope:`col`,children:`Done late`}),(0,j.jsx)(`th`,{scope:`col`,children:`Won't do`})]})}),(0,j.jsx)(`tbody`,{children:S.actionItems.byOwner.map(e=>(0,j.jsxs)(`tr`,{children:[(0,j.jsx)(`td`,{children:e.owner}),(0,j.jsx)(`td`,{children:e.open}),(0,j.jsx)(`td`,{children:e.overdue}),(0,j.jsx)(`td`,{children:e.doneOnTime}),(0,j.jsx)(`td`,{children:e.doneLate}),(0,j.jsx)(`td`,{children:e.wontDo})]},e.owner))})]}),(0,j.jsx)(`h3`,{children:`Review evidence`}),(0,j.jsxs)(`table`,{className:`list`,children:[(0,j.jsx)(`caption`,{className:`visually-hidden`,children:`Review evidence of each publication`}),(0,j.jsx)(`thead`,{children:(0,j.jsxs)(`tr`,{children:[(0,j.jsx)(`th`,{scope:`col`,children:`Postmortem`}),(0,j.jsx)(`th`,{scope:`col`,children:`Revision`}),(0,j.jsx)(`th`,{scope:`col`,children:`Published`}),(0,j.jsx)(`th`,{scope:`col`,children:`Approvals`}),(0,j.jsx)(`th`,{scope:`col`,children:`Content hash`}),(0,j.jsx)(`th`,{scope:`col`,children:`Policy`})]})}),(0,j.jsx)(`tbody`,{children:S.reviewEvidence.map(e=>(0,j.jsxs)(`tr`,{children:[(0,j.jsx)(`td`,{children:(0,j.jsx)(o,{to:`/postmortems/${e.postmortemId}?revision=${e.revision}`,children:e.title})}),(0,j.jsx)(`td`,{children:e.revision}),(0,j.jsx)(`td`,{children:m(e.publishedAt)}),(0,j.jsx)(`td`,{children:e.approvals.map(e=>`${e.reviewerId} at ${m(e.approvedAt)}${e.valid?``:` (invalid)`}`).join(`; `)}),(0,j.jsxs)(`td`,{children:[(0,j.jsxs)(`code`,{title:e.contentHash,children:[e.contentHash.slice(0,12),`…`]}),e.contentHashVerified?` ✓`:` (unverified)`]}),(0,j.jsxs)(`td`,{children:[e.meetsPolicy?`Met`:`Not met: ${e.problems.join(`; `)}`,` (`,e.approvals.length,`/`,e.requiredApprovals??`?`,`)`]})]},`${e.postmortemId}-${e.revision}`))})]})]})]})}function z({label:e,value:t}){return(0,j.jsxs)(`div`,{className:`stat`,children:[(0,j.jsx)(`span`,{className:`stat-value`,children:t}),(0,j.jsx)(`span`,{className:`stat-label`,children:e})]})}function B(){let e=b();return(0,T.useEffect)(()=>{document.title=`Compliance · Postmortems`},[]),e.can(`READ_AUDIT`)?(0,j.jsxs)(j.Fragment,{children:[(0,j.jsx)(`h1`,{children:`Compliance`}),(0,j.jsxs)(`nav`,{"aria-label":`Compliance`,className:`tabs`,children:[(0,j.jsx)(_,{to:`/compliance`,end:!0,children:`Audit trail`}),(0,j.jsx)(_,{to:`/compliance/report`,children:`Compliance report`}),(0,j.jsx)(_,{to:`/compliance/as-of`,children:`Point in time`})]}),(0,j.jsxs)(a,{children:[(0,j.jsx)(y,{index:!0,element:(0,j.jsx)(P,{})}),(0,j.jsx)(y,{path:`report`,element:(0,j.jsx)(R,{})}),(0,j.jsx)(y,{path:`as-of`,element:(0,j.jsx)(I,{})})]})]}):(0,j.jsx)(`p`,{role:`alert`,className:`error`,children:`The audit trail and compliance reports are for the compliance and admin roles.`})}export{B as default};