-- Lease table layout 4, copied from leader-core's classpath:dev/leader/jdbc/upgrade-4-h2.sql:
-- the pause table (the groups paused cluster-wide). Touches no lease row.
CREATE TABLE IF NOT EXISTS leader_lease_pause (
	group_name VARCHAR(128) NOT NULL PRIMARY KEY,
	paused_by VARCHAR(160) NOT NULL,
	paused_at TIMESTAMP WITH TIME ZONE NOT NULL
);
