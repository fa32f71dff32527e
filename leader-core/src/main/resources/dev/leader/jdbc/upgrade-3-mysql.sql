-- Upgrade the tables of leader-spring-boot-starter (MySQL) made by earlier scripts:
-- adds the member table of the duplicate-leader check, next to the lease table (layout 2;
-- a table of layout 1 needs upgrade-2-mysql.sql first). Touches no lease row, so every
-- group keeps its token. Run it once, for example as a Flyway or Liquibase migration;
-- replace 'leader_lease' in the name if you chose another lease table name (the member
-- table is always named after it, with '_member' appended).
CREATE TABLE IF NOT EXISTS leader_lease_member (
	instance_id VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
	node_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	beliefs MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	valid_until DATETIME(6) NOT NULL,
	seen_at DATETIME(6) NOT NULL
) ENGINE = InnoDB;
