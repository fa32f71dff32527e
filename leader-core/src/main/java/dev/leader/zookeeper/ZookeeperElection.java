package dev.leader.zookeeper;

import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.zookeeper.leader.LeaderInitiator;

import dev.leader.FencingToken;
import dev.leader.RevocationReason;

/**
 * The campaign of one node for one group: a {@link Candidate} of Spring Integration's
 * ZooKeeper {@link LeaderInitiator}, whose election path is
 * {@code <root>/<group>/election}. When the initiator grants leadership (on its election
 * thread), the group's token is advanced; only then does this node lead. Leadership ends
 * when this node yields or stops, when its connection is suspended or lost, or when the
 * initiator revokes it.
 *
 * @author leader-spring-boot-starter
 */
final class ZookeeperElection implements Candidate {

	private static final Log logger = LogFactory.getLog(ZookeeperElection.class);

	private final ZookeeperLeaderCoordinator coordinator;

	private final String group;

	private final LeaderInitiator initiator;

	private final Object monitor = new Object();

	/** This node's grant, or {@code null} while it does not lead. */
	private volatile Grant leadership;

	/** Guarded by {@link #monitor}. */
	private boolean active;

	/** Guarded by {@link #monitor}. */
	private boolean stopped;

	/** Grants that failed in a row (election thread only). */
	private int failedGrants;

	ZookeeperElection(ZookeeperLeaderCoordinator coordinator, String group) {
		this.coordinator = coordinator;
		this.group = group;
		// The initiator elects under <namespace>/<role>: <root>/<group>/election.
		this.initiator = new LeaderInitiator(coordinator.curator(), this, coordinator.groupPath(group));
	}

	@Override
	public String getRole() {
		return ZookeeperLeaderCoordinator.ELECTION;
	}

	@Override
	public String getId() {
		return this.coordinator.nodeId();
	}

	boolean isLeader() {
		Grant current = this.leadership;
		return current != null && this.coordinator.isConnected(current.instance());
	}

	Optional<FencingToken> token() {
		Grant current = this.leadership;
		return (current != null && this.coordinator.isConnected(current.instance())) ? Optional.of(current.token())
				: Optional.empty();
	}

	void start() {
		synchronized (this.monitor) {
			if (this.active || this.stopped) {
				return;
			}
			this.active = true;
			this.initiator.start();
		}
	}

	/**
	 * Step down (revoked with {@link RevocationReason#SHUTDOWN}), run the before-release
	 * hook, then leave the election for good.
	 */
	void stop() {
		Grant released;
		synchronized (this.monitor) {
			this.stopped = true;
			this.active = false;
			released = this.leadership;
			stepDown(RevocationReason.SHUTDOWN);
		}
		if (released != null) {
			this.coordinator.beforeRelease(this.group);
		}
		this.initiator.stop();
		if (released != null) {
			this.coordinator.leaveElection(this.group, released.electionNode());
		}
	}

	/**
	 * Step down (revoked with {@link RevocationReason#YIELDED}), run the before-release
	 * hook, then leave the election; the initiator queues this node again at the back,
	 * behind every node that was already waiting.
	 */
	boolean yieldLeadership() {
		Grant released;
		synchronized (this.monitor) {
			released = this.leadership;
			if (released == null) {
				return false;
			}
			stepDown(RevocationReason.YIELDED);
		}
		this.coordinator.beforeRelease(this.group);
		synchronized (this.monitor) {
			// Unless stopped meanwhile, or granted again after a reconnection.
			if (this.active && this.leadership == null) {
				this.initiator.getContext().yield();
			}
		}
		this.coordinator.leaveElection(this.group, released.electionNode());
		return true;
	}

	/**
	 * The connection was suspended or lost: step down at once. The initiator gives the
	 * election up by itself when the client's error policy counts the state as an error
	 * (Curator's default does for both); otherwise it is told to.
	 * @param interruptElection whether to interrupt the election's leadership
	 */
	void connectionLost(boolean interruptElection) {
		Grant lost;
		synchronized (this.monitor) {
			lost = this.leadership;
			stepDown(RevocationReason.STORE_UNREACHABLE);
			if (lost != null && interruptElection && this.active) {
				this.initiator.getContext().yield();
			}
		}
	}

	/**
	 * Called by the initiator on its election thread when this node's election znode
	 * comes first. Returning normally means leading until interrupted; throwing
	 * {@link InterruptedException} gives the election up at once (the initiator then
	 * queues this node again).
	 */
	@Override
	public void onGranted(Context context) throws InterruptedException {
		long losses = this.coordinator.connectionLosses();
		Grant grant;
		try {
			grant = this.coordinator.advanceToken(this.group);
		}
		catch (InterruptedException ex) {
			throw ex;
		}
		catch (Exception ex) {
			String message = "Node " + this.coordinator.nodeId() + " was elected for group '" + this.group
					+ "' but could not advance its token; it queues again: " + ex;
			if (this.failedGrants++ == 0) {
				logger.warn(message);
			}
			else {
				logger.debug(message);
			}
			// Back off before queueing again, so that a lasting failure does not spin.
			Thread.sleep(this.coordinator.retryInterval().toMillis());
			throw new InterruptedException(message);
		}
		synchronized (this.monitor) {
			if (!this.active || losses != this.coordinator.connectionLosses()
					|| !this.coordinator.isConnected(grant.instance()) || Thread.currentThread().isInterrupted()) {
				throw new InterruptedException("Node " + this.coordinator.nodeId() + " lost its connection or stopped "
						+ "while taking the lead of group '" + this.group + "' with token " + grant.token().value());
			}
			this.failedGrants = 0;
			this.leadership = grant;
			this.coordinator.granted(grant.token());
		}
	}

	/**
	 * Called by the initiator on its election thread when leadership ends (or a grant was
	 * given up). Usually this node stepped down already.
	 */
	@Override
	public void onRevoked(Context context) {
		synchronized (this.monitor) {
			stepDown(this.coordinator.isConnected() ? RevocationReason.LEASE_LOST : RevocationReason.STORE_UNREACHABLE);
		}
	}

	/** Guarded by {@link #monitor}. */
	private void stepDown(RevocationReason reason) {
		Grant previous = this.leadership;
		if (previous == null) {
			return;
		}
		this.leadership = null;
		this.coordinator.revoked(previous.token(), reason);
	}

	@Override
	public String toString() {
		return "ZookeeperElection[" + this.group + " of " + this.coordinator.nodeId() + "]";
	}

	/**
	 * A grant of leadership: the advanced token, the election znode it was granted to,
	 * and the client's ZooKeeper handle (session) at the time.
	 *
	 * @param token the token
	 * @param electionNode the name of this node's election znode
	 * @param instance the Curator client's instance index when the grant was made
	 */
	record Grant(FencingToken token, String electionNode, long instance) {

	}

}
