-- Fencing-token table of leader-spring-boot-starter (H2): the highest fencing token a
-- receiving service has seen per group, shared by all its instances.
CREATE TABLE IF NOT EXISTS leader_fencing_token (
	group_name VARCHAR(128) NOT NULL PRIMARY KEY,
	highest BIGINT NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
