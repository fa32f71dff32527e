-- Upgrade a lease table of leader-spring-boot-starter (MySQL, MariaDB) from layout 2 to layout 3:
-- adds the leadership history table and the member table of the duplicate-leader check
-- (what each running instance believes it leads) next to it. Keeps every row and token of the lease
-- table (it is not changed). Run it once, for example as a Flyway or Liquibase migration;
-- replace 'leader_lease' if you chose another name (both tables are named after it).
-- A table of layout 1 is upgraded with upgrade-2-<platform>.sql first.
CREATE TABLE IF NOT EXISTS leader_lease_history (
	group_name VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	token BIGINT NOT NULL,
	holder VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	started_at DATETIME(6) NOT NULL,
	ended_at DATETIME(6),
	end_reason VARCHAR(32),
	detail VARCHAR(255),
	PRIMARY KEY (group_name, token)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS leader_lease_member (
	instance_id VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
	node_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	beliefs MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	valid_until DATETIME(6) NOT NULL,
	seen_at DATETIME(6) NOT NULL
) ENGINE = InnoDB;
