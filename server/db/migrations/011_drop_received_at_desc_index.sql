-- incidents_received_wall_idx (003) has received_at as its key too, and a btree reads backwards as well as forwards:
-- the newest-first lists use it, so the older index only cost every new incident one more index entry to write
drop index if exists incidents_received_at_idx;
