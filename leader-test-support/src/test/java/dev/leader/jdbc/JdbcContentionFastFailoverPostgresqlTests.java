package dev.leader.jdbc;

/**
 * Contention between coordinators on PostgreSQL with fast failover on: the chaos also
 * kills nodes (every connection of a node's coordinator closed at once), whose leases are
 * taken over before they expire; the history must show unique tokens advancing by one,
 * beliefs and guarded writes that never overlap in database time, and early takeovers
 * only from killed nodes.
 */
class JdbcContentionFastFailoverPostgresqlTests extends JdbcContentionPostgresqlTests {

	@Override
	protected boolean fastFailover() {
		return true;
	}

}
