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

package dev.leader.jdbc;

import java.sql.SQLException;

import org.springframework.dao.ConcurrencyFailureException;

import dev.leader.FencingToken;

/**
 * The fencing guard could not lock and read the lease row because of the transaction's
 * isolation level: under PostgreSQL {@code REPEATABLE READ} or {@code SERIALIZABLE} a
 * change of the lease row committed after the transaction's snapshot was taken (a new
 * token; on a table of layout 1 also a renewal) makes the locking read a serialization
 * failure (SQLSTATE 40001). The token was not checked: the transaction must roll back,
 * and retrying it is safe (the retry fails with a {@link dev.leader.FencingException} if
 * the token is stale by then).
 * <p>
 * A {@link ConcurrencyFailureException} rather than a {@link dev.leader.FencingException}
 * because nothing says the token is stale, and code that stops on a stale token must not
 * stop here; Spring's retry support and transaction templates treat it as transient.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class FencingCheckConflictException extends ConcurrencyFailureException {

	private static final long serialVersionUID = 1L;

	private final transient FencingToken token;

	FencingCheckConflictException(FencingToken token, SQLException cause) {
		super("Fencing guard could not check " + token + ": the transaction's isolation level (REPEATABLE READ or "
				+ "SERIALIZABLE) saw the lease row change after its snapshot, a serialization failure (SQLSTATE "
				+ cause.getSQLState() + "). The token could not be checked. Roll the transaction back and retry it "
				+ "(safe), or run guarded transactions at READ COMMITTED: " + cause.getMessage(), cause);
		this.token = token;
	}

	/**
	 * The token that was being checked.
	 * @return the token
	 */
	public FencingToken getToken() {
		return this.token;
	}

}
