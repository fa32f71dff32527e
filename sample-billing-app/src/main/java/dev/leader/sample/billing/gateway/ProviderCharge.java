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

package dev.leader.sample.billing.gateway;

/**
 * The payment provider's answer to a charge it accepted.
 *
 * @param chargeId the provider's id of the charge
 * @param replayed {@code true} when the idempotency key had been charged before and the
 * provider answered with that earlier charge (HTTP 200) instead of charging again (HTTP
 * 201)
 * @author leader-spring-boot-starter
 */
public record ProviderCharge(String chargeId, boolean replayed) {

}
