/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.leader.zookeeper;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.zookeeper.leader.LeaderInitiator;

import dev.leader.FencingToken;
import dev.leader.LeadershipEnd;
import dev.leader.RevocationReason;
import dev.leader.engine.BeliefDeadline;
import dev.leader.engine.LeadershipChanges;
import dev.leader.engine.SessionCampaign;

/**
 * The campaign of one node for one group: a {@link Candidate} of Spring Integration's
 * ZooKeeper {@link LeaderInitiator}, whose election path is
 * {@code <root>/<group>/election}. When the initiator grants leadership (on its election
 * thread), the group's token is advanced; only then does this node lead. Leadership ends
 * when this node yields or stops, when its connection is suspended or lost, when the
 * ensemble answered none of its requests for ⅔ of the session timeout (its
 * {@link BeliefDeadline}), when its election znode or the group's token znode is deleted
 * or the token znode changed by another client, or when the initiator revokes it. When
 * balancing asks this node to let a node with room go first, it steps aside in the
 * election instead of taking the group.
 *
 * @author leader-spring-boot-starter
 */
final class ZookeeperElection extends SessionCampaign<ZookeeperElection.Grant> implements Candidate {

	private static final Log logger = LogFactory.getLog(ZookeeperElection.class);

	private final ZookeeperLeaderCoordinator coordinator;

	private final LeaderInitiator initiator;

	/** Grants that failed in a row (election thread only). */
	private int failedGrants;

	/** Lets nodes with room go first (election thread only). */
	private final StepAside stepAside;

	ZookeeperElection(ZookeeperLeaderCoordinator coordinator, String group, LeadershipChanges changes) {
		super(group, changes);
		this.coordinator = coordinator;
		this.stepAside = new StepAside(coordinator, group);
		// The initiator elects under <namespace>/<role>: <root>/<group>/election.
		this.initiator = new LeaderInitiator(coordinator.protocol().client(), this,
				coordinator.protocol().groupPath(group));
	}

	@Override
	public String getRole() {
		return ZookeeperLeaderCoordinator.ELECTION;
	}

	/**
	 * The data of this node's election znode: its instance id, so that participants
	 * configured with one node id can be told apart.
	 */
	@Override
	public String getId() {
		return this.coordinator.instanceId();
	}

	/**
	 * Whether a grant still stands: the client is connected in the session of the grant
	 * (as Curator and as ZooKeeper's I/O thread see it), and that session's deadline has
	 * not passed (even if the timer did not fire yet).
	 */
	@Override
	protected boolean isValid(Grant grant) {
		return this.coordinator.protocol().isConnected(grant.instance()) && grant.isHandleConnected()
				&& this.coordinator.deadline().isValid(grant.sessionId());
	}

	@Override
	protected void starting() {
		this.initiator.start();
	}

	/**
	 * Record the release, stop the initiator and leave the election for good.
	 */
	@Override
	protected void stopped(@Nullable Grant released, RevocationReason reason) {
		if (released != null && this.coordinator.protocol().isConnected()) {
			this.coordinator.history().released(group(), released.token().value(), LeadershipEnd.released(reason));
		}
		this.initiator.stop();
		if (released != null) {
			this.coordinator.protocol().leaveElection(group(), released.electionNode());
		}
	}

	/**
	 * Step down (revoked with {@link RevocationReason#YIELDED}), run the before-release
	 * hook, then leave the election; the initiator queues this node again at the back,
	 * behind every node that was already waiting.
	 */
	@Override
	public boolean yieldLeadership() {
		Grant released;
		synchronized (this.monitor) {
			released = leadership();
			if (released == null) {
				return false;
			}
			stepDown(RevocationReason.YIELDED);
		}
		changes().beforeRelease(group());
		changes().retractBelief(group());
		if (this.coordinator.protocol().isConnected()) {
			this.coordinator.history().released(group(), released.token().value(), LeadershipEnd.YIELDED);
		}
		synchronized (this.monitor) {
			// Unless stopped meanwhile, or granted again after a reconnection.
			if (isActive() && leadership() == null) {
				this.initiator.getContext().yield();
			}
		}
		this.coordinator.protocol().leaveElection(group(), released.electionNode());
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
			lost = leadership();
			stepDown(RevocationReason.STORE_UNREACHABLE);
			if (lost != null && interruptElection && isActive()) {
				this.initiator.getContext().yield();
			}
		}
	}

	/**
	 * Step down when the session deadline of this node's grant passed (called by the
	 * watchdog's timer): the ensemble answered none of this node's requests for ⅔ of the
	 * session timeout, so it may expire the session and elect another node; or when
	 * ZooKeeper's client reports the grant's handle no longer connected, before its event
	 * thread tells Curator. The election is given up too, so that this node queues again
	 * once ZooKeeper answers.
	 * @return the nanoseconds left until the deadline of the grant, or
	 * {@link Long#MAX_VALUE} when this node does not lead
	 */
	long checkDeadline() {
		synchronized (this.monitor) {
			Grant current = leadership();
			if (current == null) {
				return Long.MAX_VALUE;
			}
			BeliefDeadline deadline = this.coordinator.deadline();
			long remaining = deadline.remainingNanos(current.sessionId());
			if (remaining > 0 && current.isHandleConnected()) {
				return remaining;
			}
			logger.warn("Node " + this.coordinator.nodeId() + " (instance " + this.coordinator.instanceId()
					+ ") stops leading group '" + group() + "' (token " + current.token().value() + "): "
					+ deadlinePassed(deadline, current) + "; it campaigns again once ZooKeeper answers");
			stepDown(RevocationReason.STORE_UNREACHABLE);
			if (isActive()) {
				this.initiator.getContext().yield();
			}
			return Long.MAX_VALUE;
		}
	}

	private static String deadlinePassed(BeliefDeadline deadline, Grant grant) {
		if (deadline.hasEnded(grant.sessionId())) {
			return "ZooKeeper's client reports its session expired";
		}
		if (!grant.isHandleConnected()) {
			return "ZooKeeper's client reports its connection " + grant.handle().getState();
		}
		long silent = deadline.millisSinceLastAnsweredSend(grant.sessionId());
		if (silent < 0) {
			return "its ZooKeeper session changed";
		}
		return "ZooKeeper answered none of its requests sent in the last " + silent + " ms, ⅔ of its "
				+ grant.sessionTimeoutMillis() + " ms session timeout, after which the ensemble may expire "
				+ "its session and elect another node";
	}

	/**
	 * Look at the election's participants for another instance configured with this
	 * node's id (called by the watchdog, once per session timeout).
	 */
	void checkParticipants() {
		synchronized (this.monitor) {
			if (!isActive()) {
				return;
			}
		}
		try {
			for (Participant participant : this.initiator.getContext().getParticipants()) {
				changes().sawHolder(group(), participant.getId());
			}
		}
		catch (Exception ex) {
			logger.debug("Could not read the participants of group '" + group() + "': " + ex);
		}
	}

	/**
	 * Watch the znodes a grant stands on: this node's election znode and the group's
	 * token znode. Either deleted, or the token znode changed by another client, ends the
	 * grant ({@link #lost}). Watches fire on ZooKeeper's event thread; {@code verify} of
	 * this node's own token checks the same znodes in case a watch comes late.
	 */
	private void watch(Grant grant) {
		String namespace = this.coordinator.protocol().client().getNamespace();
		String electionNode = ZKPaths.fixForNamespace(namespace,
				ZKPaths.makePath(this.coordinator.protocol().electionPath(group()), grant.electionNode()));
		String tokenNode = ZKPaths.fixForNamespace(namespace, this.coordinator.protocol().tokenPath(group()));
		Watcher watcher = (event) -> watched(grant, event, electionNode, tokenNode);
		try {
			ZooKeeper zookeeper = this.coordinator.protocol().client().getZookeeperClient().getZooKeeper();
			if (zookeeper.getSessionId() != grant.sessionId()) {
				return;
			}
			if (zookeeper.exists(electionNode, watcher) == null) {
				lost(grant, electionNodeDeleted(electionNode), false);
				return;
			}
			TokenNode token = TokenNode.decode(zookeeper.getData(tokenNode, watcher, null));
			if (token.value() != grant.token().value()
					|| !this.coordinator.instanceId().equals(token.holderInstance())) {
				lost(grant, tokenNodeChanged(tokenNode, token), false);
			}
		}
		catch (KeeperException.NoNodeException ex) {
			lost(grant, tokenNodeDeleted(tokenNode), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			// Connection trouble: the connection's state and the deadline take over.
			logger.debug("Could not watch the znodes of group '" + group() + "': " + ex);
		}
	}

	private void watched(Grant grant, WatchedEvent event, String electionNode, String tokenNode) {
		Watcher.Event.EventType type = event.getType();
		if (type == Watcher.Event.EventType.NodeDeleted && electionNode.equals(event.getPath())) {
			lost(grant, electionNodeDeleted(electionNode), false);
		}
		else if (type == Watcher.Event.EventType.NodeDeleted && tokenNode.equals(event.getPath())) {
			lost(grant, tokenNodeDeleted(tokenNode), true);
		}
		else if (type == Watcher.Event.EventType.NodeDataChanged && tokenNode.equals(event.getPath())) {
			lost(grant, "the token znode " + tokenNode + " was changed by another client", false);
		}
	}

	/**
	 * Called when a check of this node's own token with {@code verify} found it stale
	 * while this node still leads with it: the store has the last word.
	 * @param token the token found stale
	 * @param reason why it is stale
	 */
	@Override
	public void refuted(FencingToken token, @Nullable String reason) {
		Grant current = leadership();
		if (current != null && current.token().equals(token)) {
			lost(current, "verify found its token stale: " + reason, false);
		}
	}

	/**
	 * A znode the grant stands on vanished or changed: step down (revoked with
	 * {@link RevocationReason#LEASE_LOST}) at once, with the reason in the log. Then, on
	 * the watchdog's worker, re-create a deleted token znode at this grant's value (this
	 * node still comes first in the election, so no other node can be granted and create
	 * it anew at 0), and give the election up so that the next node in line is granted
	 * and this node queues again.
	 */
	private void lost(Grant grant, String reason, boolean tokenDeleted) {
		synchronized (this.monitor) {
			if (leadership() != grant) {
				return;
			}
			logger.warn("Node " + this.coordinator.nodeId() + " (instance " + this.coordinator.instanceId()
					+ ") stops leading group '" + group() + "' (token " + grant.token().value() + "): " + reason
					+ "; it campaigns again");
			stepDown(RevocationReason.LEASE_LOST);
		}
		this.coordinator.watchdog().execute(() -> {
			if (tokenDeleted) {
				this.coordinator.protocol().restoreToken(group(), grant.token().value());
			}
			synchronized (this.monitor) {
				if (isActive() && leadership() == null) {
					this.initiator.getContext().yield();
				}
			}
		});
	}

	private static String electionNodeDeleted(String path) {
		return "its election znode " + path + " was deleted by another client (an operator?) while it led";
	}

	private static String tokenNodeDeleted(String path) {
		return "the group's token znode " + path + " was deleted by another client (an operator?) while it led; "
				+ "never delete token znodes, they keep the count of grants";
	}

	private static String tokenNodeChanged(String path, TokenNode token) {
		return "the group's token znode " + path + " holds token " + token.value() + " of " + token.holderInstance()
				+ ", written by another client";
	}

	/**
	 * Called by the initiator on its election thread when this node's election znode
	 * comes first. Returning normally means leading until interrupted; throwing
	 * {@link InterruptedException} gives the election up at once (the initiator then
	 * queues this node again). A node the placement asks to wait steps aside first (see
	 * {@link StepAside}); the group's weight counts against this node's room from the
	 * decision until the grant shows in its load, so that groups granted together (a
	 * crashed node's) do not all go to the first node in their queues.
	 */
	@Override
	public void onGranted(Context context) throws InterruptedException {
		long pause;
		boolean steppedAside;
		long roomOpenings = this.coordinator.roomOpenings();
		boolean fits = this.coordinator.reserveRoom(group());
		try {
			pause = this.stepAside.decide(fits);
			steppedAside = pause > 0;
			if (!steppedAside) {
				pause = take();
			}
		}
		finally {
			this.coordinator.releaseRoom(group());
		}
		if (steppedAside) {
			// Outside the election, until a node with room had its turn or this node's
			// room opened (after a crash: once the survivors count the node gone).
			this.coordinator.awaitStepAside(roomOpenings, pause);
			throw new InterruptedException(
					"Node " + this.coordinator.nodeId() + " queues again in the election of group '" + group() + "'");
		}
		if (pause > 0) {
			// Still first in the election after a failed grant: a back-off, so that a
			// lasting failure does not spin.
			TimeUnit.NANOSECONDS.sleep(pause);
			throw new InterruptedException(
					"Node " + this.coordinator.nodeId() + " queues again in the election of group '" + group() + "'");
		}
	}

	/**
	 * Advance the token and lead with it.
	 * @return 0 when this node leads, or how long to back off before queueing again when
	 * the token could not be advanced
	 * @throws InterruptedException when this node lost its connection or stopped
	 * meanwhile
	 */
	private long take() throws InterruptedException {
		long losses = this.coordinator.connectionLosses();
		Grant grant;
		try {
			grant = this.coordinator.advanceToken(group());
		}
		catch (InterruptedException ex) {
			throw ex;
		}
		catch (Exception ex) {
			String message = "Node " + this.coordinator.nodeId() + " was elected for group '" + group()
					+ "' but could not advance its token; it queues again: " + ex;
			if (this.failedGrants++ == 0) {
				logger.warn(message);
			}
			else {
				logger.debug(message);
			}
			return Math.max(1, this.coordinator.retryInterval().toNanos());
		}
		// Recorded before this node leads with it, so that its release is never recorded
		// first; a failure is logged and costs nothing.
		this.coordinator.history().granted(group(), grant.token().holder(), grant.token().value(), grant.grantedAt());
		synchronized (this.monitor) {
			if (!isActive() || losses != this.coordinator.connectionLosses()
					|| !this.coordinator.protocol().isConnected(grant.instance())
					|| Thread.currentThread().isInterrupted()) {
				throw new InterruptedException("Node " + this.coordinator.nodeId() + " lost its connection or stopped "
						+ "while taking the lead of group '" + group() + "' with token " + grant.token().value());
			}
			this.failedGrants = 0;
			granted(grant);
		}
		watch(grant);
		return 0;
	}

	/**
	 * Called by the initiator on its election thread when leadership ends (or a grant was
	 * given up). Usually this node stepped down already.
	 */
	@Override
	public void onRevoked(Context context) {
		synchronized (this.monitor) {
			stepDown(this.coordinator.protocol().isConnected() ? RevocationReason.LEASE_LOST
					: RevocationReason.STORE_UNREACHABLE);
		}
	}

	@Override
	public String toString() {
		return "ZookeeperElection[" + group() + " of " + this.coordinator.nodeId() + "]";
	}

	/**
	 * A grant of leadership: the advanced token, the election znode it was granted to,
	 * and the client's ZooKeeper handle and session at the time.
	 *
	 * @param token the token
	 * @param electionNode the name of this node's election znode
	 * @param instance the Curator client's instance index when the grant was made
	 * @param handle the ZooKeeper handle the grant was made with
	 * @param sessionId the ZooKeeper session the grant was made in
	 * @param sessionTimeoutMillis that session's negotiated timeout
	 * @param grantedAt the token znode's modification time (the ensemble's clock)
	 */
	record Grant(FencingToken token, String electionNode, long instance, ZooKeeper handle, long sessionId,
			long sessionTimeoutMillis, Instant grantedAt) implements SessionCampaign.Grant {

		/**
		 * Whether the handle of the grant is connected right now, as ZooKeeper's I/O
		 * thread sees it: it leaves {@code CONNECTED} as soon as that thread hears
		 * nothing for ⅔ of the session timeout, loses the socket, or learns that the
		 * session expired, before the event thread tells Curator.
		 */
		boolean isHandleConnected() {
			return this.handle.getState() == ZooKeeper.States.CONNECTED;
		}

	}

}
