-- Fencing-token table of leader-spring-boot-starter (MariaDB): the highest fencing token a
-- receiving service has seen per group, shared by all its instances. Times are UTC.
CREATE TABLE IF NOT EXISTS leader_fencing_token (
	group_name VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
	highest BIGINT NOT NULL,
	updated_at DATETIME(6) NOT NULL
) ENGINE = InnoDB;
