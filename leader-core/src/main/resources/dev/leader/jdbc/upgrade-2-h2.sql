-- Upgrade a lease table of leader-spring-boot-starter (H2) from layout 1 (the first
-- scripts) to layout 2: holders up to 160 characters (instance ids). Keeps every row and
-- token. Run it once, for example as a Flyway or Liquibase migration; replace
-- 'leader_lease' if you chose another name.
ALTER TABLE leader_lease ALTER COLUMN holder SET DATA TYPE VARCHAR(160);
