-- Upgrade a lease table of leader-spring-boot-starter (PostgreSQL) from layout 3 to layout 4:
-- adds the pause table (the groups paused cluster-wide) next to it. Keeps every row and
-- token of the lease table (it is not changed). Run it once, for example as a Flyway or
-- Liquibase migration; replace 'leader_lease' if you chose another name (every table is
-- named after it). A table of an earlier layout is upgraded with upgrade-2-<platform>.sql
-- and upgrade-3-<platform>.sql first.
CREATE TABLE IF NOT EXISTS leader_lease_pause (
	group_name VARCHAR(128) NOT NULL PRIMARY KEY,
	paused_by VARCHAR(160) NOT NULL,
	paused_at TIMESTAMP WITH TIME ZONE NOT NULL
);
