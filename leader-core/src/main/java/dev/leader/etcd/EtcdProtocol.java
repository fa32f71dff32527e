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

package dev.leader.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import org.jspecify.annotations.Nullable;

import dev.leader.LeaderStoreException;

/**
 * The etcd side of the protocol, free of campaign state: where a group's keys live, the
 * transactions that create and delete a leader key, and the reads, each one round trip.
 * <p>
 * Keys under the namespace: {@code <namespace>/<group>/leader}, the leader key, attached
 * to the holder's etcd lease (value: {@link Holder});
 * {@code <namespace>/<group>/granted}, without a lease, written in the same transaction
 * as every leader key, so that its modification revision is the group's latest token
 * after the leader key is gone; {@code <namespace>/<group>/history}, without a lease, the
 * leadership history ({@link EtcdHistory}).
 *
 * @author leader-spring-boot-starter
 */
final class EtcdProtocol {

	static final String LEADER = "leader";

	static final String GRANTED = "granted";

	private final Client client;

	private final String namespace;

	private final Duration requestTimeout;

	EtcdProtocol(Client client, String namespace, Duration requestTimeout) {
		this.client = client;
		this.namespace = namespace;
		this.requestTimeout = requestTimeout;
	}

	Client client() {
		return this.client;
	}

	Duration requestTimeout() {
		return this.requestTimeout;
	}

	ByteSequence leaderKey(String group) {
		return bytes(this.namespace + "/" + group + "/" + LEADER);
	}

	ByteSequence grantedKey(String group) {
		return bytes(this.namespace + "/" + group + "/" + GRANTED);
	}

	ByteSequence historyKey(String group) {
		return bytes(this.namespace + "/" + group + "/" + EtcdHistory.HISTORY);
	}

	/**
	 * Create the group's leader key for this node in one transaction: only if it does not
	 * exist ({@code createRevision == 0}), attached to the lease, together with the
	 * granted key; otherwise read the key that exists.
	 * @return whether the key was created, the transaction's revision (the new key's
	 * create revision when created) and the key that exists otherwise
	 */
	Attempt create(String group, long leaseId, Holder holder) {
		ByteSequence key = leaderKey(group);
		TxnResponse response = await(this.client.getKVClient()
			.txn()
			.If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
			.Then(Op.put(key, holder.encode(), PutOption.builder().withLeaseId(leaseId).build()),
					Op.put(grantedKey(group), ByteSequence.EMPTY, PutOption.DEFAULT))
			.Else(Op.get(key, GetOption.DEFAULT))
			.commit(), "create the leader key of group '" + group + "'");
		long revision = response.getHeader().getRevision();
		if (response.isSucceeded()) {
			return new Attempt(true, revision, null);
		}
		List<GetResponse> gets = response.getGetResponses();
		KeyValue current = (gets.isEmpty() || gets.get(0).getKvs().isEmpty()) ? null : gets.get(0).getKvs().get(0);
		return new Attempt(false, revision, current);
	}

	/**
	 * Delete the group's leader key in a transaction on its create revision, so that only
	 * that leadership's key goes (another node's later key stays).
	 * @return whether the key was deleted
	 */
	boolean release(String group, long createRevision) {
		ByteSequence key = leaderKey(group);
		return await(this.client.getKVClient()
			.txn()
			.If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(createRevision)))
			.Then(Op.delete(key, DeleteOption.DEFAULT))
			.commit(), "delete the leader key of group '" + group + "'").isSucceeded();
	}

	/**
	 * The group's leader key, read linearizably (one round trip through the Raft leader).
	 * @return the key, or {@code null} when no node leads the group
	 */
	@Nullable KeyValue read(String group) {
		GetResponse response = await(this.client.getKVClient().get(leaderKey(group)),
				"read the leader key of group '" + group + "'");
		return response.getKvs().isEmpty() ? null : response.getKvs().get(0);
	}

	/**
	 * The group's leader key and granted key, read in one linearizable transaction.
	 */
	Snapshot snapshot(String group) {
		TxnResponse response = await(this.client.getKVClient()
			.txn()
			.Then(Op.get(leaderKey(group), GetOption.DEFAULT), Op.get(grantedKey(group), GetOption.DEFAULT))
			.commit(), "read group '" + group + "'");
		List<GetResponse> gets = response.getGetResponses();
		return new Snapshot(first(gets.get(0)), first(gets.get(1)));
	}

	private static @Nullable KeyValue first(GetResponse response) {
		return response.getKvs().isEmpty() ? null : response.getKvs().get(0);
	}

	/**
	 * Wait for an answer of etcd, up to the request timeout.
	 * @throws LeaderStoreException when etcd failed or did not answer in time
	 */
	<T> T await(CompletableFuture<T> request, String what) {
		try {
			return request.get(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LeaderStoreException("Interrupted while waiting for etcd to " + what, ex);
		}
		catch (TimeoutException ex) {
			request.cancel(true);
			throw new LeaderStoreException(
					"etcd did not " + what + " within " + this.requestTimeout.toMillis() + " ms (request timeout)", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new LeaderStoreException("etcd could not " + what + ": " + cause.getMessage(), cause);
		}
	}

	static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

	/**
	 * The outcome of {@link #create}.
	 *
	 * @param created whether this node's key was created
	 * @param revision the revision of the transaction: the create revision of the new
	 * key, or the revision at which {@code current} was read
	 * @param current the key that existed, when not created
	 */
	record Attempt(boolean created, long revision, @Nullable KeyValue current) {

	}

	/**
	 * A group's keys as read in one transaction.
	 *
	 * @param leader the leader key, or {@code null} when no node leads
	 * @param granted the granted key, or {@code null} when the group was never granted
	 */
	record Snapshot(@Nullable KeyValue leader, @Nullable KeyValue granted) {

	}

	/**
	 * The value of a leader key: the holder's instance id, the TTL of its etcd lease, and
	 * when it was acquired on the holder's clock (for display only: etcd has no clock to
	 * read).
	 *
	 * @param instanceId the holder's instance id
	 * @param ttlSeconds the TTL the cluster granted the holder's lease
	 * @param acquiredAt when the holder created the key, on its clock
	 */
	record Holder(String instanceId, long ttlSeconds, Instant acquiredAt) {

		ByteSequence encode() {
			return bytes(this.instanceId + "\n" + this.ttlSeconds + "\n" + this.acquiredAt.toEpochMilli());
		}

		/**
		 * Decode a leader key's value; a value written by someone else reads as a holder
		 * with that value as its id.
		 */
		static Holder decode(ByteSequence value) {
			String[] parts = value.toString(StandardCharsets.UTF_8).split("\n", -1);
			try {
				if (parts.length == 3) {
					return new Holder(parts[0], Long.parseLong(parts[1]),
							Instant.ofEpochMilli(Long.parseLong(parts[2])));
				}
			}
			catch (NumberFormatException ex) {
				// Not ours.
			}
			return new Holder(value.toString(StandardCharsets.UTF_8), 0, Instant.EPOCH);
		}

	}

}
