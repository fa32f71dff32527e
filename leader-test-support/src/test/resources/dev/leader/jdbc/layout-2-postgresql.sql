-- The lease table as schema-postgresql.sql of leader-core created it at layout 2 (before the history
-- table of layout 3), kept to test the upgrade with upgrade-3-postgresql.sql.
-- Lease table of leader-spring-boot-starter (PostgreSQL), layout 2. One row per group;
-- never delete rows: the token column is the group's fencing counter. The unique key on
-- (group_name, token) makes the token a key column: the fencing guard's FOR KEY SHARE
-- then blocks acquisitions (which change the token) but not renewals.
CREATE TABLE IF NOT EXISTS leader_lease (
	group_name VARCHAR(128) NOT NULL PRIMARY KEY,
	holder VARCHAR(160),
	token BIGINT NOT NULL,
	acquired_at TIMESTAMP WITH TIME ZONE,
	renewed_at TIMESTAMP WITH TIME ZONE,
	expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
	UNIQUE (group_name, token)
);
