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

package dev.leader.bench;

import java.util.List;

/**
 * Order statistics of a sample: min, median, nearest-rank p95, max.
 *
 * @param count how many values
 * @param min the smallest
 * @param median the median (mean of the middle two for an even count)
 * @param p95 the nearest-rank 95th percentile: the smallest value at or above which lie
 * 95 % of the values
 * @param max the largest
 * @author leader-spring-boot-starter
 */
record Summary(int count, double min, double median, double p95, double max) {

	static Summary of(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int n = sorted.length;
		if (n == 0) {
			return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		}
		double median = (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		int rank = (int) Math.ceil(0.95 * n);
		return new Summary(n, sorted[0], median, sorted[rank - 1], sorted[n - 1]);
	}

	/** A quantile by linear interpolation, for box plots. */
	static double quantile(List<Double> values, double q) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		double position = q * (sorted.length - 1);
		int lower = (int) Math.floor(position);
		int upper = (int) Math.ceil(position);
		return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
	}

}
