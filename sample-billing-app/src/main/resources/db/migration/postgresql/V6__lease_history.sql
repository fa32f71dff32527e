-- Lease table layout 3, copied from leader-core's
-- classpath:dev/leader/jdbc/upgrade-3-postgresql.sql: the leadership history
-- (GET /actuator/leader/{group}/history).
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
