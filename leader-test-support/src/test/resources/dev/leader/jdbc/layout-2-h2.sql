-- The lease table as schema-h2.sql of leader-core created it at layout 2 (before the history
-- table of layout 3), kept to test the upgrade with upgrade-3-h2.sql.
-- Lease table of leader-spring-boot-starter (H2), layout 2. One row per group; never
-- delete rows: the token column is the group's fencing counter.
CREATE TABLE IF NOT EXISTS leader_lease (
	group_name VARCHAR(128) NOT NULL PRIMARY KEY,
	holder VARCHAR(160),
	token BIGINT NOT NULL,
	acquired_at TIMESTAMP WITH TIME ZONE,
	renewed_at TIMESTAMP WITH TIME ZONE,
	expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
