-- Upgrade a lease table of leader-spring-boot-starter (MySQL, MariaDB) from layout 1 (the first
-- scripts) to layout 2: holders up to 160 characters (instance ids), group names and
-- holders compared case-sensitively. Keeps every row and token. Run it once, for example
-- as a Flyway or Liquibase migration; replace 'leader_lease' if you chose another name.
ALTER TABLE leader_lease
	MODIFY group_name VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	MODIFY holder VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
