-- The member table of the duplicate-leader check, copied from leader-core's
-- classpath:dev/leader/jdbc/upgrade-3-h2.sql: what each running instance believes it leads,
-- valid until valid_until in store time. Touches no lease row.
CREATE TABLE IF NOT EXISTS leader_lease_member (
	instance_id VARCHAR(160) NOT NULL PRIMARY KEY,
	node_id VARCHAR(128) NOT NULL,
	beliefs VARCHAR(1000000) NOT NULL,
	valid_until TIMESTAMP WITH TIME ZONE NOT NULL,
	seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
