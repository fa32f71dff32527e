-- Lease table layout 3, copied from leader-core's classpath:dev/leader/jdbc/upgrade-3-h2.sql:
-- the leadership history table and the member table of the duplicate-leader check. Touches
-- no lease row.
CREATE TABLE IF NOT EXISTS leader_lease_history (
	group_name VARCHAR(128) NOT NULL,
	token BIGINT NOT NULL,
	holder VARCHAR(160) NOT NULL,
	started_at TIMESTAMP WITH TIME ZONE NOT NULL,
	ended_at TIMESTAMP WITH TIME ZONE,
	end_reason VARCHAR(32),
	detail VARCHAR(255),
	PRIMARY KEY (group_name, token)
);

CREATE TABLE IF NOT EXISTS leader_lease_member (
	instance_id VARCHAR(160) NOT NULL PRIMARY KEY,
	node_id VARCHAR(128) NOT NULL,
	beliefs VARCHAR(1000000) NOT NULL,
	valid_until TIMESTAMP WITH TIME ZONE NOT NULL,
	seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
