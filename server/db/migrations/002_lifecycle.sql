-- life cycle and SLA clocks (issue 4). incidents.lifecycle holds the LifecycleState of src/lib/domain/lifecycle.ts,
-- the source of truth; deadlines, status, hot, urgent and the columns below mirror it, written together with it.

-- the running clocks flagged overdue, e.g. ["firstAnswer"]; overdue = this is not empty
alter table incidents add column overdue_clocks jsonb not null default '[]'::jsonb;

-- when the current term of each clock started, e.g. {"firstAnswer": "…"}: the whole term of the "due soon" share
alter table incidents add column sla_started jsonb not null default '{}'::jsonb;

-- the next instant the SLA state changes by itself (a deadline to flag, a satisfaction window to close); null when none
alter table incidents add column sla_next_at timestamptz;

create index incidents_sla_next_idx on incidents (sla_next_at) where sla_next_at is not null;

-- rows stored before this migration: their earliest deadline is a candidate for the sweep, which settles them
update incidents
set sla_next_at = (select min(v::timestamptz) from jsonb_each_text(deadlines) as t(k, v))
where status <> 'closed';
