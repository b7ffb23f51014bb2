-- incidents: the wall-safe fields; the author's personal data lives in incident_authors
create table incidents (
  id uuid primary key default gen_random_uuid(),
  source text not null,
  external_id text not null,
  channel text not null,
  received_at timestamptz not null,
  title text,
  text text not null,
  -- the same text with phones, e-mails and names masked: what walls and restricted roles see
  text_public text not null,
  category text,
  block text,
  settlement_id text,
  placement text not null default 'pending',
  department_id text,
  lat double precision,
  lon double precision,
  address text,
  settlement_hint text,
  status text not null default 'received',
  urgent boolean not null default false,
  hot boolean not null default false,
  due_at timestamptz,
  deadlines jsonb not null default '{}'::jsonb,
  lifecycle jsonb not null default '{}'::jsonb,
  overdue boolean not null default false,
  overdue_since timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint incidents_source_external_id_key unique (source, external_id)
);
create index incidents_received_at_idx on incidents (received_at desc);
create index incidents_open_idx on incidents (status) where status <> 'closed';
create index incidents_placement_pending_idx on incidents (created_at) where placement = 'pending';

create table incident_authors (
  incident_id uuid primary key references incidents (id) on delete cascade,
  name text,
  phone text,
  email text
);

-- append-only history of every change
create table incident_events (
  id bigserial primary key,
  incident_id uuid not null references incidents (id) on delete cascade,
  type text not null,
  actor text not null,
  data jsonb not null default '{}'::jsonb,
  at timestamptz not null default now()
);
create index incident_events_incident_idx on incident_events (incident_id, id);

-- transactional outbox: rows are written in the same transaction as the change; seq is monotonic
create table outbox (
  seq bigserial primary key,
  event text not null,
  incident_id uuid not null,
  created_at timestamptz not null default now()
);

-- how far the relay has published the outbox to the screens
create table outbox_cursor (
  name text primary key,
  seq bigint not null
);
insert into outbox_cursor (name, seq) values ('relay', 0);
