-- Lease table of leader-spring-boot-starter (H2), layout 4. One row per group; never
-- delete rows: the token column is the group's fencing counter.
CREATE TABLE IF NOT EXISTS leader_lease (
	group_name VARCHAR(128) NOT NULL PRIMARY KEY,
	holder VARCHAR(160),
	token BIGINT NOT NULL,
	acquired_at TIMESTAMP WITH TIME ZONE,
	renewed_at TIMESTAMP WITH TIME ZONE,
	expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The leadership history (layout 3): one row per grant, written with the acquisition and
-- closed with the release, or by the next holder with the end it inferred (the lease's
-- expiry). Pruned by age and count (leader.history.*); rows may be deleted freely.
CREATE TABLE IF NOT EXISTS leader_lease_history (
	group_name VARCHAR(128) NOT NULL,
	token BIGINT NOT NULL,
	holder VARCHAR(160) NOT NULL,
	started_at TIMESTAMP WITH TIME ZONE NOT NULL,
	ended_at TIMESTAMP WITH TIME ZONE,
	end_reason VARCHAR(32),
	detail VARCHAR(255),
	PRIMARY KEY (group_name, token)
);

-- What each running instance believes it leads (group=token pairs, comma-separated), valid
-- until valid_until in store time: the duplicate-leader check. Rows are replaced every renew
-- interval and deleted when an instance stops; rows not seen for an hour are deleted.
CREATE TABLE IF NOT EXISTS leader_lease_member (
	instance_id VARCHAR(160) NOT NULL PRIMARY KEY,
	node_id VARCHAR(128) NOT NULL,
	beliefs VARCHAR(1000000) NOT NULL,
	valid_until TIMESTAMP WITH TIME ZONE NOT NULL,
	seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The groups paused cluster-wide (layout 4): while a group has a row here, no node runs its
-- leader-only work (its leader keeps the lease and the token). Read with every exchange of
-- the member records; written by pause/unpause (endpoint action or LeaderCoordinator).
CREATE TABLE IF NOT EXISTS leader_lease_pause (
	group_name VARCHAR(128) NOT NULL PRIMARY KEY,
	paused_by VARCHAR(160) NOT NULL,
	paused_at TIMESTAMP WITH TIME ZONE NOT NULL
);
