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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;

import dev.leader.LeaderStoreException;
import dev.leader.engine.BeliefBoard;

/**
 * The ZooKeeper store's {@link BeliefBoard}: each instance's beliefs in the ephemeral
 * znode {@code <root>/.members/<instance>} (group names never start with a dot), on the
 * session that holds its election znodes, so that a record ends with them. A round is
 * three requests: the record's write, one read-only {@code multi} listing the records and
 * the groups, and one read-only {@code multi} reading every other record and every
 * group's token znode, which ZooKeeper answers at one point of its history.
 *
 * @author leader-spring-boot-starter
 */
final class ZookeeperBeliefBoard implements BeliefBoard {

	private static final String MEMBERS = ".members";

	private static final String PAUSED = ".paused";

	private final CuratorFramework client;

	private final ZookeeperProtocol protocol;

	private final String root;

	ZookeeperBeliefBoard(CuratorFramework client, ZookeeperProtocol protocol, String root) {
		this.client = client;
		this.protocol = protocol;
		this.root = root;
	}

	@Override
	public Snapshot exchange(String nodeId, String instanceId, Supplier<Beliefs> beliefs, Duration timeout) {
		requireConnected();
		try {
			byte[] record = beliefs.get().encode().getBytes(StandardCharsets.UTF_8);
			this.client.create()
				.orSetData()
				.creatingParentContainersIfNeeded()
				.withMode(CreateMode.EPHEMERAL)
				.forPath(member(instanceId), record);
			ZooKeeper zookeeper = this.client.getZookeeperClient().getZooKeeper();
			List<OpResult> listed = zookeeper.multi(List.of(
					Op.getChildren(absolute(ZKPaths.makePath(this.root, MEMBERS))), Op.getChildren(absolute(this.root)),
					Op.getChildren(absolute(ZKPaths.makePath(this.root, PAUSED)))));
			List<String> others = new ArrayList<>(children(listed.get(0)));
			others.remove(instanceId);
			// Names starting with a dot (the records, the pause flags) are never groups.
			List<String> groups = new ArrayList<>(children(listed.get(1)));
			groups.removeIf((name) -> name.startsWith("."));
			Set<String> paused = new HashSet<>(children(listed.get(2)));
			List<Op> reads = new ArrayList<>();
			others.forEach((other) -> reads.add(Op.getData(absolute(member(other)))));
			groups.forEach((group) -> reads.add(Op.getData(absolute(this.protocol.tokenPath(group)))));
			List<OpResult> read = reads.isEmpty() ? List.of() : zookeeper.multi(reads);
			Map<String, Map<String, Long>> published = new HashMap<>();
			Map<String, BeliefBoard.Member> members = new HashMap<>();
			for (int i = 0; i < others.size(); i++) {
				if (read.get(i) instanceof OpResult.GetDataResult data) {
					String text = new String(data.getData(), StandardCharsets.UTF_8);
					published.put(others.get(i), BeliefBoard.decode(text));
					members.put(others.get(i), BeliefBoard.Member.decode(text));
				}
			}
			Map<String, Long> tokens = new HashMap<>();
			Map<String, String> holders = new HashMap<>();
			for (int i = 0; i < groups.size(); i++) {
				if (read.get(others.size() + i) instanceof OpResult.GetDataResult data) {
					TokenNode token = TokenNode.decode(data.getData());
					tokens.put(groups.get(i), token.value());
					String holder = token.holderInstance();
					if (holder != null) {
						holders.put(groups.get(i), holder);
					}
				}
			}
			return new Snapshot(published, tokens, holders, members, paused);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LeaderStoreException("Interrupted while exchanging beliefs on ZooKeeper", ex);
		}
		catch (Exception ex) {
			throw new LeaderStoreException("ZooKeeper could not exchange beliefs: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void withdraw(String instanceId, Duration timeout) {
		requireConnected();
		try {
			this.client.delete().forPath(member(instanceId));
		}
		catch (KeeperException.NoNodeException ex) {
			// Never written, or its session ended.
		}
		catch (Exception ex) {
			throw new LeaderStoreException("ZooKeeper could not withdraw beliefs: " + ex.getMessage(), ex);
		}
	}

	@Override
	public boolean pause(String group, boolean paused, String byNode, Duration timeout) {
		requireConnected();
		String path = ZKPaths.makePath(this.root, PAUSED, group);
		try {
			if (paused) {
				this.client.create()
					.creatingParentContainersIfNeeded()
					.withMode(CreateMode.PERSISTENT)
					.forPath(path, byNode.getBytes(StandardCharsets.UTF_8));
			}
			else {
				this.client.delete().forPath(path);
			}
			return true;
		}
		catch (KeeperException.NodeExistsException | KeeperException.NoNodeException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LeaderStoreException("Interrupted while writing the pause flag of group '" + group + "'", ex);
		}
		catch (Exception ex) {
			throw new LeaderStoreException("ZooKeeper could not " + (paused ? "pause" : "unpause") + " group '" + group
					+ "': " + ex.getMessage(), ex);
		}
	}

	private void requireConnected() {
		if (!this.protocol.isConnected()) {
			throw new LeaderStoreException("not connected to ZooKeeper", null);
		}
	}

	private String member(String instanceId) {
		return ZKPaths.makePath(this.root, MEMBERS, instanceId);
	}

	private String absolute(String path) {
		return ZKPaths.fixForNamespace(this.client.getNamespace(), path);
	}

	private static List<String> children(OpResult result) {
		return (result instanceof OpResult.GetChildrenResult children) ? children.getChildren() : List.of();
	}

}
