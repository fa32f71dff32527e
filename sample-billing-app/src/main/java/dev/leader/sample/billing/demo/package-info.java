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

/**
 * The demo behind {@code bin/billing-demo}, and the tools it shares with the chaos test:
 * starting, killing, pausing and resuming JVMs, reading nodes and the payment provider
 * over HTTP, and auditing the database against the provider's ledger.
 */
@NullMarked
package dev.leader.sample.billing.demo;

import org.jspecify.annotations.NullMarked;
