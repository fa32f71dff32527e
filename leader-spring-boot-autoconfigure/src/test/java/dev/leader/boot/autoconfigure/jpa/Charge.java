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
