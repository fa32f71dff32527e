-- Lease table layout 2, copied from leader-core's classpath:dev/leader/jdbc/upgrade-2-h2.sql:
-- holders are instance ids (node id, '#', nonce) of up to 137 characters.
ALTER TABLE leader_lease ALTER COLUMN holder SET DATA TYPE VARCHAR(160);
