-- the municipality's own non-working (and moved working) days on top of the official production calendar (issue 4)
create table if not exists calendar_days (
	day date primary key,
	kind text not null check (kind in ('holiday', 'working')),
	reason text not null,
	actor text not null,
	created_at timestamptz not null default now()
);
