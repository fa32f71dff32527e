package dev.leader.boot.autoconfigure.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A charge written through JPA by the fenced-transaction tests.
 */
@Entity
@Table(name = "fenced_jpa_charge")
public class Charge {

	@Id
	private String id;

	private long token;

	protected Charge() {
	}

	public Charge(String id, long token) {
		this.id = id;
		this.token = token;
	}

	public String getId() {
		return this.id;
	}

	public long getToken() {
		return this.token;
	}

}
