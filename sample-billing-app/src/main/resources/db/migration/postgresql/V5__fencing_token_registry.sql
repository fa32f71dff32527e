-- Copied from leader-core's classpath:dev/leader/jdbc/fencing-token-schema-postgresql.sql: the
-- highest fencing token the charge transaction has admitted per group
-- (JdbcFencingTokenRegistry). Used when the leader store is not the database (etcd): see
-- RegistryChargeFence. On the JDBC store the fencing guard locks the lease row instead and
-- this table stays empty.
CREATE TABLE IF NOT EXISTS leader_fencing_token (
	group_name VARCHAR(128) NOT NULL PRIMARY KEY,
	highest BIGINT NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
