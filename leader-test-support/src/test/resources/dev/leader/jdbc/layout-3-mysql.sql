-- The lease table as schema-mysql.sql of leader-core created it at layout 3 (before the pause
-- table of layout 4), kept to test the upgrade with upgrade-4-mysql.sql.
-- Lease table of leader-spring-boot-starter (MySQL, MariaDB), layout 3. Times are UTC
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

-- The leadership history (layout 3): one row per grant, written with the acquisition and
-- closed with the release, or by the next holder with the end it inferred (the lease's
-- expiry). Pruned by age and count (leader.history.*); rows may be deleted freely.
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
