-- Upgrade a lease table of leader-spring-boot-starter (PostgreSQL) from layout 1 (the
-- first scripts) to layout 2: holders up to 160 characters (instance ids), and a unique
-- key on (group_name, token) so that guarded transactions no longer hold renewals back.
-- Keeps every row and token (each group has one row, so the key holds at once). Run it
-- once, for example as a Flyway or Liquibase migration; replace 'leader_lease' if you
-- chose another name.
ALTER TABLE leader_lease
	ALTER COLUMN holder TYPE VARCHAR(160),
	ADD UNIQUE (group_name, token);
