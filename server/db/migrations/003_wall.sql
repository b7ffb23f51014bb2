-- wall aggregates (issue 5): open incidents by settlement / block, and counts of day windows by received_at.
-- the choropleth and the block tiles group open incidents; a partial index keeps that an index scan
create index if not exists incidents_open_settlement_idx on incidents (settlement_id, block) include (overdue) where status <> 'closed';

-- today and the same weekday of past weeks are narrow received_at ranges; covering columns make them index-only
create index if not exists incidents_received_wall_idx on incidents (received_at) include (settlement_id, block, status);
