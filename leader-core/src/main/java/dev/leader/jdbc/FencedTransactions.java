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

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionAttributeSource;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.aop.FencedCallRunner;

/**
 * Fences the transactions of leader-only calls without code: every transaction on the
 * lease table's {@link DataSource} that a fenced call begins, or runs in, checks the
 * call's token with the {@link JdbcFencingGuard} right before it commits, inside that
 * transaction. The guard locks the lease row in shared mode, so no other node can take
 * the lease over until the commit, and a stale token rolls the transaction back with a
 * {@link FencingException}.
 * <p>
 * Transactions are hooked where they begin ({@link TransactionExecutionListener}), so
 * {@code REQUIRED}, {@code REQUIRES_NEW} and programmatic transactions are all checked
 * and a user's {@code @Transactional} method keeps its own settings. Add
 * {@link #listener()} to every transaction manager over the lease table's database
 * ({@link #covers(PlatformTransactionManager)} tells which); the auto-configuration does.
 * A fenced method that is not transactional runs in one transaction of its own on the
 * lease table's {@code DataSource}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class FencedTransactions implements FencedCallRunner {

	/** The tokens of the fenced calls running on each thread, innermost last. */
	private static final ThreadLocal<Deque<FencingToken>> CALLS = ThreadLocal.withInitial(ArrayDeque::new);

	private final DataSource dataSource;

	private final JdbcFencingGuard guard;

	private final TransactionAttributeSource transactionAttributes = new AnnotationTransactionAttributeSource();

	private final TransactionExecutionListener listener = new CheckAtCommit();

	private final TransactionTemplate ownTransactions;

	/**
	 * Fence the transactions on a lease table's database.
	 * @param dataSource the database of the lease table, as the application's transaction
	 * managers use it
	 * @param guard the guard over the lease table
	 */
	public FencedTransactions(DataSource dataSource, JdbcFencingGuard guard) {
		this.dataSource = dataSource;
		this.guard = guard;
		DataSourceTransactionManager own = new DataSourceTransactionManager(dataSource);
		own.addListener(this.listener);
		this.ownTransactions = new TransactionTemplate(own);
	}

	/**
	 * The listener that fences the transactions a transaction manager begins during a
	 * fenced call.
	 * @return the listener to add to the transaction managers over the lease table's
	 * database
	 */
	public TransactionExecutionListener listener() {
		return this.listener;
	}

	/**
	 * Whether a transaction manager runs its transactions on the lease table's database
	 * (a {@code DataSourceTransactionManager}, or a {@code JpaTransactionManager} that
	 * exposes its {@code DataSource}).
	 * @param transactionManager the transaction manager
	 * @return whether its transactions must be fenced
	 */
	public boolean covers(PlatformTransactionManager transactionManager) {
		if (transactionManager instanceof ResourceTransactionManager resources
				&& resources.getResourceFactory() == this.dataSource) {
			return true;
		}
		BeanWrapper properties = PropertyAccessorFactory.forBeanPropertyAccess(transactionManager);
		return properties.isReadableProperty("dataSource")
				&& properties.getPropertyValue("dataSource") == this.dataSource;
	}

	/**
	 * Add the listener to a transaction manager that {@link #covers} the lease table's
	 * database, once.
	 * @param transactionManager the transaction manager
	 * @return whether it is fenced now
	 */
	public boolean register(PlatformTransactionManager transactionManager) {
		if (!(transactionManager instanceof ConfigurableTransactionManager configurable)
				|| !covers(transactionManager)) {
			return false;
		}
		if (!configurable.getTransactionExecutionListeners().contains(this.listener)) {
			configurable.addListener(this.listener);
		}
		return true;
	}

	@Override
	public @Nullable Object run(FencingToken token, Method method, Class<?> targetClass, Call call) throws Throwable {
		Deque<FencingToken> calls = CALLS.get();
		calls.addLast(token);
		try {
			if (TransactionSynchronizationManager.isActualTransactionActive()) {
				// Called inside a transaction that began before the call: fence it too.
				if (TransactionSynchronizationManager.hasResource(this.dataSource)) {
					checkAtCommit(token);
				}
				return call.proceed();
			}
			if (this.transactionAttributes.getTransactionAttribute(method, targetClass) != null) {
				return call.proceed();
			}
			return inOwnTransaction(call);
		}
		finally {
			calls.pollLast();
			if (calls.isEmpty()) {
				CALLS.remove();
			}
		}
	}

	private @Nullable Object inOwnTransaction(Call call) throws Throwable {
		try {
			Optional<Object> result = this.ownTransactions.execute((status) -> {
				try {
					return Optional.ofNullable(call.proceed());
				}
				catch (RuntimeException | Error ex) {
					throw ex;
				}
				catch (Throwable ex) {
					throw new CheckedFailure(ex);
				}
			});
			return (result != null) ? result.orElse(null) : null;
		}
		catch (CheckedFailure ex) {
			throw ex.getCause();
		}
	}

	private void checkAtCommit(FencingToken token) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TokenCheck(token));
		}
	}

	/**
	 * Registers the check on every transaction begun while a fenced call runs on the
	 * thread.
	 */
	private final class CheckAtCommit implements TransactionExecutionListener {

		@Override
		public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
			FencingToken token = CALLS.get().peekLast();
			if (token == null) {
				CALLS.remove();
				return;
			}
			if (beginFailure == null && !transaction.isReadOnly()) {
				checkAtCommit(token);
			}
		}

	}

	/**
	 * Checks the token in the transaction right before it commits.
	 */
	private final class TokenCheck implements TransactionSynchronization {

		private final FencingToken token;

		TokenCheck(FencingToken token) {
			this.token = token;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			if (!readOnly) {
				FencedTransactions.this.guard.check(this.token);
			}
		}

		@Override
		public int getOrder() {
			// After the other synchronizations' flushes, as late as can be before the
			// commit.
			return LOWEST_PRECEDENCE;
		}

	}

	/**
	 * Carries a checked exception of the call through the transaction template.
	 */
	private static final class CheckedFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CheckedFailure(Throwable cause) {
			super(cause);
		}

	}

}
