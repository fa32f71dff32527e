-- Lease table layout 2, copied from leader-core's
-- classpath:dev/leader/jdbc/upgrade-2-postgresql.sql: holders are instance ids (node id,
-- '#', nonce) of up to 137 characters, and a key on (group_name, token) lets renewals pass
-- guarded transactions.
ALTER TABLE leader_lease
	ALTER COLUMN holder TYPE VARCHAR(160),
	ADD UNIQUE (group_name, token);
