-- metrics (issue 6): the aggregation cube, the ratings' per-unit facts and the state that makes applying them
-- exactly-once. Workers apply committed outbox rows in seq order (seq order is commit order, see appendOutbox)
-- under one advisory lock; the cursor moves in the same transaction as the aggregates.

-- how far the aggregation has applied the outbox, and how many outbox rows it applied in total
create table metric_cursor (
  name text primary key,
  seq bigint not null,
  applied bigint not null default 0,
  updated_at timestamptz not null default now()
);
insert into metric_cursor (name, seq) values ('aggregate', 0);

-- what each incident contributes now: its cube cell and its rating facts (the "before" of its next change)
create table metric_incidents (
  incident_id uuid primary key,
  received_at timestamptz not null,
  block text,
  settlement_id text,
  department_id text,
  channel text not null,
  status text not null,
  -- local date the incident was received: the rating day it counts for
  day text not null,
  answered smallint not null,
  on_time smallint not null,
  first_answer_bucket smallint,
  resolution_bucket smallint,
  reopened smallint not null,
  rated smallint not null,
  satisfied smallint not null
);
create index metric_incidents_day_idx on metric_incidents (day);

-- the cube: incidents by bucket (local hour / local day start) × block × settlement × department × channel × status;
-- '' stands for "none yet" so the key can be a primary key
create table metric_counts (
  size text not null,
  bucket timestamptz not null,
  block text not null,
  settlement_id text not null,
  department_id text not null,
  channel text not null,
  status text not null,
  n integer not null,
  -- a 32-bit hash of the cell's dimensions: Σ cell_hash·n per bucket is the bucket's fingerprint, which the nightly
  -- reconcile compares with the same sum over the incidents (see server/analytics/recompute.ts)
  cell_hash integer generated always as (hashtext(block || '|' || settlement_id || '|' || department_id || '|' || channel || '|' || status)) stored,
  primary key (size, bucket, block, settlement_id, department_id, channel, status)
);

-- the ratings' sufficient statistics per unit, channel and local day; histograms over LATENCY_BUCKET_EDGES_MINUTES
create table metric_unit_days (
  kind text not null,
  unit text not null,
  channel text not null,
  day text not null,
  n integer not null,
  answered integer not null,
  answered_on_time integer not null,
  reopened integer not null,
  rated integer not null,
  satisfied integer not null,
  first_answer_hist integer[] not null,
  resolution_hist integer[] not null,
  primary key (kind, unit, channel, day)
);
create index metric_unit_days_day_idx on metric_unit_days (day);

-- every full recompute: how far the incremental state had drifted from a recompute from the incidents
create table metric_recomputes (
  id bigserial primary key,
  at timestamptz not null default now(),
  cursor_seq bigint not null,
  cube_cells integer not null,
  cube_drift integer not null,
  facts_incidents integer not null,
  facts_drift integer not null,
  duration_ms integer not null,
  sample jsonb not null default '[]'::jsonb
);
