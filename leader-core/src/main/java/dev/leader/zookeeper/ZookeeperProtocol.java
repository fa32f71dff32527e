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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongPredicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.recipes.locks.LockInternals;
import org.apache.curator.framework.recipes.locks.StandardLockInternalsDriver;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderStoreException;
import dev.leader.engine.BeliefDeadline;

/**
 * The ZooKeeper side of the protocol, free of campaign state: where a group's election
 * and token znodes live, how a grant advances the token, how a node leaves an election,
 * and how a group is read in one round trip.
 * <p>
 * Layout under the root: {@code <root>/<group>/election} holds the election's ephemeral
 * sequential znodes (data: the participant's instance id), {@code <root>/<group>/token}
 * the token node ({@link TokenNode}), {@code <root>/<group>/history} the leadership
 * history ({@link ZookeeperHistory}).
 *
 * @author leader-spring-boot-starter
 */
final class ZookeeperProtocol {

	static final String ELECTION = "election";

	static final String TOKEN = "token";

	private static final String LOCK_NAME = "lock-";

	private static final StandardLockInternalsDriver SORTER = new StandardLockInternalsDriver();

	private static final Log logger = LogFactory.getLog(ZookeeperProtocol.class);

	private final CuratorFramework client;

	private final String root;

	private final LeaderCoordinator owner;

	ZookeeperProtocol(CuratorFramework client, String root, LeaderCoordinator owner) {
		this.client = client;
		this.root = root;
		this.owner = owner;
	}

	CuratorFramework client() {
		return this.client;
	}

	/**
	 * Whether the client is connected to the ensemble right now (no round trip).
	 */
	boolean isConnected() {
		return this.client.getState() == CuratorFrameworkState.STARTED
				&& this.client.getZookeeperClient().isConnected();
	}

	/**
	 * Whether the client is connected right now through the ZooKeeper handle it had when
	 * a grant was made: a new handle means a new session, in which this node holds
	 * nothing (no round trip).
	 */
	boolean isConnected(long instance) {
		return isConnected() && this.client.getZookeeperClient().getInstanceIndex() == instance;
	}

	/**
	 * Re-create a group's deleted token znode at the value of the last grant this node
	 * knows, without a holder, so that the next grant still gets a higher token. Called
	 * while this node still comes first in the group's election: no other node can be
	 * granted meanwhile and create the znode anew at 0. Never overwrites an existing
	 * znode.
	 * @param group the group
	 * @param value the value of this node's last grant
	 */
	void restoreToken(String group, long value) {
		String tokenPath = tokenPath(group);
		try {
			this.client.create().creatingParentsIfNeeded().forPath(tokenPath, TokenNode.released(value).encode());
			logger.warn("Node " + this.owner.nodeId() + " re-created the deleted token znode " + tokenPath
					+ " of group '" + group + "' at token " + value + ", so that the next grant gets a higher token");
		}
		catch (KeeperException.NodeExistsException ex) {
			// Re-created already.
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.error("Node " + this.owner.nodeId() + " could not re-create the deleted token znode " + tokenPath
					+ " of group '" + group + "' at token " + value + "; the next grant starts the count anew at 1, "
					+ "and tokens of earlier grants may be issued again: " + ex);
		}
	}

	String groupPath(String group) {
		return ZKPaths.makePath(this.root, group);
	}

	String electionPath(String group) {
		return ZKPaths.makePath(this.root, group, ELECTION);
	}

	String tokenPath(String group) {
		return ZKPaths.makePath(this.root, group, TOKEN);
	}

	String historyPath(String group) {
		return ZKPaths.makePath(this.root, group, ZookeeperHistory.HISTORY);
	}

	/**
	 * How long after the send time of a request answered in a session the node may go on
	 * believing the session live: ⅔ of the negotiated session timeout. The session cannot
	 * expire before that send time plus the timeout; the node stops believing a third of
	 * the timeout earlier, the margin ZooKeeper's own client uses before it reports the
	 * connection lost. ZooKeeper exposes no "last heard" time, so the coordinator records
	 * the answers to its own requests: the grant's token update and the probes its
	 * watchdog sends while it leads.
	 * @param sessionTimeoutMillis the session's negotiated timeout
	 * @return the validity of the belief, zero for no session
	 */
	static Duration beliefValidity(long sessionTimeoutMillis) {
		return Duration.ofMillis(Math.max(0, sessionTimeoutMillis) * 2 / 3);
	}

	/**
	 * Advance the group's token for this node, which the election just granted the group:
	 * check that this node's election znode comes first and belongs to this session, then
	 * in one multi-operation check that znode again and set the token node to the next
	 * value, conditional on the version read.
	 * @return the new token and the election znode it was granted to
	 * @throws Exception when the token could not be advanced (the grant is then given up)
	 */
	ZookeeperElection.Grant advanceToken(String group, BeliefDeadline deadline) throws Exception {
		long instance = this.client.getZookeeperClient().getInstanceIndex();
		ZooKeeper zookeeper = this.client.getZookeeperClient().getZooKeeper();
		long sessionId = zookeeper.getSessionId();
		// The grant's deadline counts from here: before the first request of the grant.
		long sent = deadline.now();
		String tokenPath = tokenPath(group);
		try {
			this.client.create().creatingParentsIfNeeded().forPath(tokenPath, TokenNode.INITIAL.encode());
		}
		catch (KeeperException.NodeExistsException ex) {
			// Created by an earlier grant.
		}
		String electionPath = electionPath(group);
		List<String> queue = LockInternals.getSortedChildren(this.client, electionPath, LOCK_NAME, SORTER);
		if (queue.isEmpty()) {
			throw new IllegalStateException("the election of group '" + group + "' has no participants");
		}
		String first = queue.get(0);
		String firstPath = ZKPaths.makePath(electionPath, first);
		Stat firstStat = new Stat();
		byte[] firstId = this.client.getData().storingStatIn(firstStat).forPath(firstPath);
		if (!this.owner.instanceId().equals(new String(firstId, StandardCharsets.UTF_8))
				|| firstStat.getEphemeralOwner() != sessionId) {
			throw new IllegalStateException("the election of group '" + group + "' is led by election node " + first
					+ ", which is not this node's in its current session");
		}
		Stat tokenStat = new Stat();
		TokenNode current = TokenNode.decode(this.client.getData().storingStatIn(tokenStat).forPath(tokenPath));
		int sessionTimeout = zookeeper.getSessionTimeout();
		TokenNode next = current.next(this.owner.instanceId(), first, sessionTimeout);
		List<CuratorTransactionResult> results = this.client.transaction()
			.forOperations(this.client.transactionOp().check().withVersion(firstStat.getVersion()).forPath(firstPath),
					this.client.transactionOp()
						.setData()
						.withVersion(tokenStat.getVersion())
						.forPath(tokenPath, next.encode()));
		deadline.answered(sessionId, sent, beliefValidity(sessionTimeout));
		Stat granted = results.get(1).getResultStat();
		Instant grantedAt = (granted != null) ? Instant.ofEpochMilli(granted.getMtime()) : Instant.now();
		return new ZookeeperElection.Grant(new FencingToken(group, next.value(), this.owner.instanceId()), first,
				instance, zookeeper, sessionId, sessionTimeout, grantedAt);
	}

	/**
	 * Step aside in a group's election that just granted this node the group, without
	 * taking it: read the group's token and, when the test says so for its value, delete
	 * this node's election znode, once checked to come first and to belong to this node
	 * in its current session, so that the next node in line is granted at once. While
	 * this node comes first no other node can advance the token, so a token unchanged
	 * since this node last stepped aside means that nobody was granted the group since.
	 * @param group the group
	 * @param stepAsideAt whether to step aside, given the group's token value (0 before
	 * the first grant)
	 * @return the group's token value
	 * @throws Exception when ZooKeeper cannot answer, or the first znode is not this
	 * node's (nothing was deleted then)
	 */
	long stepAside(String group, LongPredicate stepAsideAt) throws Exception {
		long sessionId = this.client.getZookeeperClient().getZooKeeper().getSessionId();
		String electionPath = electionPath(group);
		List<String> queue = LockInternals.getSortedChildren(this.client, electionPath, LOCK_NAME, SORTER);
		if (queue.isEmpty()) {
			throw new IllegalStateException("the election of group '" + group + "' has no participants");
		}
		String firstPath = ZKPaths.makePath(electionPath, queue.get(0));
		Stat firstStat = new Stat();
		byte[] firstId = this.client.getData().storingStatIn(firstStat).forPath(firstPath);
		if (!this.owner.instanceId().equals(new String(firstId, StandardCharsets.UTF_8))
				|| firstStat.getEphemeralOwner() != sessionId) {
			throw new IllegalStateException("the election of group '" + group + "' is led by election node "
					+ queue.get(0) + ", which is not this node's in its current session");
		}
		long token;
		try {
			token = TokenNode.decode(this.client.getData().forPath(tokenPath(group))).value();
		}
		catch (KeeperException.NoNodeException ex) {
			token = 0;
		}
		if (stepAsideAt.test(token)) {
			this.client.delete().withVersion(firstStat.getVersion()).forPath(firstPath);
		}
		return token;
	}

	/**
	 * Delete this node's election znode after it stepped down, so that the next node in
	 * line takes over without waiting for the election thread to notice. Best effort: the
	 * election releases it too, and the session's end removes it in any case.
	 */
	void leaveElection(String group, String electionNode) {
		if (!isConnected()) {
			return;
		}
		try {
			this.client.delete().quietly().forPath(ZKPaths.makePath(electionPath(group), electionNode));
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.debug("Node " + this.owner.nodeId() + " could not delete its election node " + electionNode
					+ " of group '" + group + "'; the election releases it: " + ex);
		}
	}

	void awaitConnection() {
		if (isConnected() || this.client.getState() != CuratorFrameworkState.STARTED) {
			return;
		}
		try {
			this.client.getZookeeperClient().blockUntilConnectedOrTimedOut();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Read the group's token node and election queue in one round trip, after a
	 * {@code sync}: ZooKeeper answers a client's requests in order, so the reads see
	 * every update the ensemble committed before the sync.
	 */
	Snapshot read(String group) {
		if (!isConnected()) {
			throw new LeaderStoreException("Node " + this.owner.nodeId() + " is not connected to ZooKeeper; group '"
					+ group + "' cannot be read", null);
		}
		String namespace = this.client.getNamespace();
		String tokenPath = ZKPaths.fixForNamespace(namespace, tokenPath(group));
		String electionPath = ZKPaths.fixForNamespace(namespace, electionPath(group));
		CompletableFuture<Void> synced = new CompletableFuture<>();
		CompletableFuture<Snapshot> tokenRead = new CompletableFuture<>();
		CompletableFuture<List<String>> queueRead = new CompletableFuture<>();
		try {
			ZooKeeper zookeeper = this.client.getZookeeperClient().getZooKeeper();
			zookeeper.sync(tokenPath, (rc, path, context) -> complete(synced, rc, path, null), null);
			zookeeper.getData(tokenPath, false, (rc, path, context, data, stat) -> {
				if (rc == KeeperException.Code.NONODE.intValue()) {
					tokenRead.complete(new Snapshot(null, null, List.of()));
				}
				else if (rc != KeeperException.Code.OK.intValue()) {
					tokenRead.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
				}
				else {
					try {
						tokenRead.complete(new Snapshot(TokenNode.decode(data), stat, List.of()));
					}
					catch (IllegalArgumentException ex) {
						tokenRead.completeExceptionally(ex);
					}
				}
			}, null);
			zookeeper.getChildren(electionPath, false, (rc, path, context, children) -> {
				if (rc == KeeperException.Code.NONODE.intValue()) {
					queueRead.complete(List.of());
				}
				else {
					complete(queueRead, rc, path, children);
				}
			}, null);
			long timeout = connectionTimeoutMillis();
			CompletableFuture.allOf(synced, tokenRead, queueRead).get(timeout, TimeUnit.MILLISECONDS);
			Snapshot snapshot = tokenRead.get();
			return new Snapshot(snapshot.token(), snapshot.stat(), queueRead.get());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LeaderStoreException("Interrupted while reading group '" + group + "' from ZooKeeper", ex);
		}
		catch (TimeoutException ex) {
			throw new LeaderStoreException(
					"ZooKeeper did not answer for group '" + group + "' within " + connectionTimeoutMillis() + " ms",
					ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new LeaderStoreException("ZooKeeper could not read group '" + group + "': " + cause.getMessage(),
					cause);
		}
		catch (Exception ex) {
			throw new LeaderStoreException("ZooKeeper could not read group '" + group + "': " + ex, ex);
		}
	}

	private static <T> void complete(CompletableFuture<T> future, int rc, String path, @Nullable T value) {
		if (rc == KeeperException.Code.OK.intValue()) {
			future.complete(value);
		}
		else {
			future.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
		}
	}

	long connectionTimeoutMillis() {
		return Math.max(1, this.client.getZookeeperClient().getConnectionTimeoutMs());
	}

	/**
	 * A group's token node (its content and stat, or {@code null}s when it does not
	 * exist) and the names of the znodes in its election.
	 */
	record Snapshot(@Nullable TokenNode token, @Nullable Stat stat, List<String> queue) {

		/** Whether the latest grant's election znode still exists. */
		boolean isHeld() {
			return this.token != null && this.token.electionNode() != null
					&& this.queue.contains(this.token.electionNode());
		}

	}

}
