-- Lease table of leader-spring-boot-starter (MySQL, MariaDB). Times are UTC DATETIME(6).
-- One row per group; never delete rows: the token column is the group's fencing counter.
CREATE TABLE IF NOT EXISTS leader_lease (
	group_name VARCHAR(128) NOT NULL PRIMARY KEY,
	holder VARCHAR(128),
	token BIGINT NOT NULL,
	acquired_at DATETIME(6),
	renewed_at DATETIME(6),
	expires_at DATETIME(6) NOT NULL
) ENGINE = InnoDB;
