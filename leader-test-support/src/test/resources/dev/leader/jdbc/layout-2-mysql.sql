-- The lease table as schema-mysql.sql of leader-core created it at layout 2 (before the history
-- table of layout 3), kept to test the upgrade with upgrade-3-mysql.sql.
-- Lease table of leader-spring-boot-starter (MySQL, MariaDB), layout 2. Times are UTC
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
