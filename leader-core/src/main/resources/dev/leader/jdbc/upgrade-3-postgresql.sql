-- Upgrade a lease table of leader-spring-boot-starter (PostgreSQL) from layout 2 to layout 3:
-- adds the leadership history table and the member table of the duplicate-leader check
-- (what each running instance believes it leads) next to it. Keeps every row and token of the lease
-- table (it is not changed). Run it once, for example as a Flyway or Liquibase migration;
-- replace 'leader_lease' if you chose another name (both tables are named after it).
-- A table of layout 1 is upgraded with upgrade-2-<platform>.sql first.
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
	beliefs TEXT NOT NULL,
	valid_until TIMESTAMP WITH TIME ZONE NOT NULL,
	seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
