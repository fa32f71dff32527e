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

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.jspecify.annotations.Nullable;

import dev.leader.LeaderStoreException;
import dev.leader.engine.HistoryRetention;
import dev.leader.engine.SessionHistory;

/**
 * The leadership history on ZooKeeper: the znode {@code <root>/<group>/history} holds the
 * group's bounded log as JSON, written with a conditional {@code setData} on the version
 * read (or a create while absent). A grant's start is its token znode's modification time
 * (the ensemble's clock); the end of a release is the modification time of a write of the
 * history znode made at the release (the history is written twice then, so that the end
 * is the ensemble's time too).
 *
 * @author leader-spring-boot-starter
 */
final class ZookeeperHistory extends SessionHistory {

	static final String HISTORY = "history";

	private final CuratorFramework client;

	private final ZookeeperProtocol protocol;

	ZookeeperHistory(ZookeeperProtocol protocol, HistoryRetention retention) {
		super(retention);
		this.client = protocol.client();
		this.protocol = protocol;
	}

	@Override
	protected @Nullable Versioned read(String group) {
		Stat stat = new Stat();
		try {
			byte[] data = this.client.getData().storingStatIn(stat).forPath(this.protocol.historyPath(group));
			return new Versioned((data != null) ? data : new byte[0], stat.getVersion());
		}
		catch (KeeperException.NoNodeException ex) {
			return null;
		}
		catch (Exception ex) {
			throw failed("read", group, ex);
		}
	}

	@Override
	protected boolean write(String group, byte[] data, @Nullable Versioned previous) {
		String path = this.protocol.historyPath(group);
		try {
			if (previous == null) {
				this.client.create().creatingParentsIfNeeded().forPath(path, data);
			}
			else {
				this.client.setData().withVersion((int) previous.version()).forPath(path, data);
			}
			return true;
		}
		catch (KeeperException.NodeExistsException | KeeperException.BadVersionException
				| KeeperException.NoNodeException ex) {
			return false;
		}
		catch (Exception ex) {
			throw failed("write", group, ex);
		}
	}

	/**
	 * The ensemble's time now: the modification time of a write of the value as it is.
	 */
	@Override
	protected @Nullable Stamp now(String group, Versioned current) {
		try {
			Stat stat = this.client.setData()
				.withVersion((int) current.version())
				.forPath(this.protocol.historyPath(group), current.data());
			return new Stamp(Instant.ofEpochMilli(stat.getMtime()), new Versioned(current.data(), stat.getVersion()));
		}
		catch (KeeperException.BadVersionException | KeeperException.NoNodeException ex) {
			return null;
		}
		catch (Exception ex) {
			throw failed("write", group, ex);
		}
	}

	private static LeaderStoreException failed(String what, String group, Exception ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		return new LeaderStoreException("ZooKeeper could not " + what + " the history of group '" + group + "': " + ex,
				ex);
	}

}
