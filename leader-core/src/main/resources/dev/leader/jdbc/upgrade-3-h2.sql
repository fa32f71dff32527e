-- Upgrade the tables of leader-spring-boot-starter (H2) made by earlier scripts:
-- adds the member table of the duplicate-leader check, next to the lease table (layout 2;
-- a table of layout 1 needs upgrade-2-h2.sql first). Touches no lease row, so every
-- group keeps its token. Run it once, for example as a Flyway or Liquibase migration;
-- replace 'leader_lease' in the name if you chose another lease table name (the member
-- table is always named after it, with '_member' appended).
CREATE TABLE IF NOT EXISTS leader_lease_member (
	instance_id VARCHAR(160) NOT NULL PRIMARY KEY,
	node_id VARCHAR(128) NOT NULL,
	beliefs VARCHAR(1000000) NOT NULL,
	valid_until TIMESTAMP WITH TIME ZONE NOT NULL,
	seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
