-- Lease table of leader-spring-boot-starter (MariaDB, MySQL), layout 2. Times are UTC
-- DATETIME(6). Group names and holders are compared case-sensitively (binary collation).
-- One row per group; never delete rows: the token column is the group's fencing counter.
CREATE TABLE IF NOT EXISTS leader_lease (
	group_name VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
	holder VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
	token BIGINT NOT NULL,
	acquired_at DATETIME(6),
	renewed_at DATETIME(6),
	expires_at DATETIME(6) NOT NULL
) ENGINE = InnoDB;

-- What each running instance believes it leads (group=token pairs, comma-separated), valid
-- until valid_until in store time: the duplicate-leader check. Rows are replaced every renew
-- interval and deleted when an instance stops; rows not seen for an hour are deleted.
CREATE TABLE IF NOT EXISTS leader_lease_member (
	instance_id VARCHAR(160) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
	node_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	beliefs MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	valid_until DATETIME(6) NOT NULL,
	seen_at DATETIME(6) NOT NULL
) ENGINE = InnoDB;
