package dev.leader.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

import dev.leader.FencingToken;
import dev.leader.LeaseObserver;

/**
 * All {@link LeaseObserver} beans as one, looked up on first use so that observers
 * defined by later auto-configurations (metrics) are included.
 *
 * @author leader-spring-boot-starter
 */
final class LeaseObservers implements LeaseObserver {

	private final Supplier<List<LeaseObserver>> observers;

	LeaseObservers(ObjectProvider<LeaseObserver> observers) {
		this.observers = SingletonSupplier.of(() -> observers.orderedStream().toList());
	}

	@Override
	public void renewed(String group, Duration took, boolean success) {
		this.observers.get().forEach((observer) -> observer.renewed(group, took, success));
	}

	@Override
	public void fencingChecked(FencingToken token, boolean valid) {
		this.observers.get().forEach((observer) -> observer.fencingChecked(token, valid));
	}

}
