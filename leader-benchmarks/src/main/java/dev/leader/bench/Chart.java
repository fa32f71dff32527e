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

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import dev.leader.bench.FailoverBenchmark.Mode;
import dev.leader.bench.FailoverBenchmark.Trial;

/**
 * The failover distributions as a PNG drawn with Java2D: one panel per mode, one row per
 * peer, every trial as a dot over a box from the first to the third quartile, the median
 * as a bar and whiskers from min to max. A panel's scale covers every peer's 95th
 * percentile; trials beyond it are drawn as an arrow at the edge with their value.
 *
 * @author leader-spring-boot-starter
 */
final class Chart {

	private static final int WIDTH = 1100;

	private static final int LEFT = 300;

	private static final int RIGHT = 130;

	private static final int ROW = 46;

	private static final int PANEL_TOP = 64;

	private static final int PANEL_BOTTOM = 52;

	private Chart() {
	}

	static void write(Path file, List<Trial> crash, List<Trial> graceful, String subtitle) {
		List<Peer> peers = new ArrayList<>();
		for (Peer peer : Peer.values()) {
			if (peer.isShutdownVariant()) {
				continue;
			}
			if (crash.stream().anyMatch((trial) -> trial.peer() == peer)
					|| graceful.stream().anyMatch((trial) -> trial.peer() == peer)) {
				peers.add(peer);
			}
		}
		int panel = PANEL_TOP + peers.size() * ROW + PANEL_BOTTOM;
		int height = 70 + 2 * panel;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, height);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
		g.drawString("Time from stopping the leader to the successor's first leader-only execution", 20, 28);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		g.drawString(subtitle, 20, 50);
		drawPanel(g, 70, peers, crash, Mode.CRASH);
		drawPanel(g, 70 + panel, peers, graceful, Mode.GRACEFUL);
		g.dispose();
		try {
			Files.createDirectories(file.getParent());
			ImageIO.write(image, "png", file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void drawPanel(Graphics2D g, int top, List<Peer> peers, List<Trial> trials, Mode mode) {
		double max = 1;
		for (Peer peer : peers) {
			List<Double> values = trials.stream()
				.filter((trial) -> trial.peer() == peer && trial.millis() >= 0)
				.map(Trial::millis)
				.toList();
			if (!values.isEmpty()) {
				max = Math.max(max, Summary.of(values).p95());
			}
		}
		double scaleMax = niceCeiling(max * 1.15);
		int plotLeft = LEFT;
		int plotRight = WIDTH - RIGHT;
		int plotTop = top + PANEL_TOP - 20;
		int plotBottom = plotTop + peers.size() * ROW;
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		g.drawString(capitalize(mode.title()), 20, top + 22);
		// Grid and axis.
		double step = niceStep(scaleMax);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		FontMetrics metrics = g.getFontMetrics();
		for (double value = 0; value <= scaleMax + 1e-9; value += step) {
			int x = x(value, scaleMax, plotLeft, plotRight);
			g.setColor(new Color(0xe6e6e6));
			g.draw(new Line2D.Double(x, plotTop, x, plotBottom));
			g.setColor(Color.DARK_GRAY);
			String label = String.format("%.0f", value);
			g.drawString(label, x - metrics.stringWidth(label) / 2, plotBottom + 16);
		}
		g.drawString("milliseconds", (plotLeft + plotRight) / 2 - 35, plotBottom + 34);
		g.setColor(Color.GRAY);
		g.draw(new Line2D.Double(plotLeft, plotBottom, plotRight, plotBottom));
		Random jitter = new Random(42);
		for (int row = 0; row < peers.size(); row++) {
			Peer peer = peers.get(row);
			Color color = color(peer);
			int centre = plotTop + row * ROW + ROW / 2;
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
			g.drawString(shortTitle(peer), 20, centre + 5);
			List<Double> values = trials.stream()
				.filter((trial) -> trial.peer() == peer && trial.millis() >= 0)
				.map(Trial::millis)
				.toList();
			if (values.isEmpty()) {
				g.setColor(Color.GRAY);
				g.drawString("not measured", plotLeft + 8, centre + 5);
				continue;
			}
			Summary summary = Summary.of(values);
			double q1 = Summary.quantile(values, 0.25);
			double q3 = Summary.quantile(values, 0.75);
			int xMin = x(summary.min(), scaleMax, plotLeft, plotRight);
			int xMax = x(Math.min(summary.max(), scaleMax), scaleMax, plotLeft, plotRight);
			int xQ1 = x(q1, scaleMax, plotLeft, plotRight);
			int xQ3 = x(q3, scaleMax, plotLeft, plotRight);
			int xMedian = x(summary.median(), scaleMax, plotLeft, plotRight);
			g.setColor(color.darker());
			g.setStroke(new BasicStroke(1.5f));
			g.draw(new Line2D.Double(xMin, centre, xQ1, centre));
			g.draw(new Line2D.Double(xQ3, centre, xMax, centre));
			g.draw(new Line2D.Double(xMin, centre - 7, xMin, centre + 7));
			if (summary.max() <= scaleMax) {
				g.draw(new Line2D.Double(xMax, centre - 7, xMax, centre + 7));
			}
			g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
			g.fill(new Rectangle2D.Double(xQ1, centre - 13, Math.max(2, xQ3 - xQ1), 26));
			g.setColor(color.darker());
			g.draw(new Rectangle2D.Double(xQ1, centre - 13, Math.max(2, xQ3 - xQ1), 26));
			g.setStroke(new BasicStroke(3f));
			g.draw(new Line2D.Double(xMedian, centre - 15, xMedian, centre + 15));
			g.setStroke(new BasicStroke(1f));
			g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 170));
			List<Double> beyond = new ArrayList<>();
			for (double value : values) {
				double y = centre + (jitter.nextDouble() - 0.5) * 18;
				if (value > scaleMax) {
					beyond.add(value);
					continue;
				}
				double x = x(value, scaleMax, plotLeft, plotRight);
				g.fill(new Ellipse2D.Double(x - 3, y - 3, 6, 6));
			}
			if (!beyond.isEmpty()) {
				g.setColor(color.darker());
				Path2D arrow = new Path2D.Double();
				arrow.moveTo(plotRight + 2, centre);
				arrow.lineTo(plotRight - 8, centre - 6);
				arrow.lineTo(plotRight - 8, centre + 6);
				arrow.closePath();
				g.fill(arrow);
				g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
				String label = String.join(", ", beyond.stream().map((value) -> String.format("%.0f", value)).toList())
						+ " ms";
				g.drawString(label, plotRight - 12 - g.getFontMetrics().stringWidth(label), centre - 9);
			}
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
			g.drawString(String.format("median %.0f ms", summary.median()), plotRight + 10, centre + 5);
		}
	}

	private static int x(double value, double scaleMax, int left, int right) {
		return (int) Math.round(left + (right - left) * value / scaleMax);
	}

	private static double niceCeiling(double value) {
		double step = niceStep(value);
		return Math.ceil(value / step) * step;
	}

	private static double niceStep(double range) {
		double raw = range / 8;
		double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
		for (double factor : new double[] { 1, 2, 2.5, 5, 10 }) {
			if (raw <= factor * magnitude) {
				return factor * magnitude;
			}
		}
		return 10 * magnitude;
	}

	private static Color color(Peer peer) {
		return switch (peer) {
			case STARTER_JDBC -> new Color(0x1f77b4);
			case STARTER_JDBC_NO_VERIFY -> new Color(0x17becf);
			case STARTER_JDBC_FAST -> new Color(0x8c564b);
			case STARTER_JDBC_FAST_MARIADB -> new Color(0x393b79);
			case STARTER_ZOOKEEPER -> new Color(0xd62728);
			case STARTER_ZOOKEEPER_NO_VERIFY -> new Color(0xe377c2);
			case SHEDLOCK -> new Color(0x9467bd);
			case SI_JDBC -> new Color(0xff7f0e);
			case SI_ZOOKEEPER -> new Color(0x2ca02c);
			case STARTER_ETCD -> new Color(0x8c564b);
			case STARTER_ETCD_NO_VERIFY -> new Color(0xc49c94);
			case JETCD_ELECTION -> new Color(0xbcbd22);
			case STARTER_JDBC_NO_BALANCE, STARTER_ZOOKEEPER_NO_BALANCE, STARTER_ETCD_NO_BALANCE -> new Color(0xaec7e8);
			case STARTER_JDBC_WEB, STARTER_JDBC_BEFORE, STARTER_JDBC_WEB_BEFORE -> new Color(0x7f7f7f);
		};
	}

	private static String shortTitle(Peer peer) {
		return switch (peer) {
			case STARTER_JDBC -> "this starter (JDBC, PostgreSQL)";
			case STARTER_JDBC_NO_VERIFY -> "this starter (JDBC, no verify)";
			case STARTER_JDBC_FAST -> "this starter (JDBC, fast failover)";
			case STARTER_JDBC_FAST_MARIADB -> "this starter (JDBC, fast failover, MariaDB)";
			case STARTER_ZOOKEEPER -> "this starter (ZooKeeper)";
			case STARTER_ZOOKEEPER_NO_VERIFY -> "this starter (ZooKeeper, no verify)";
			case SHEDLOCK -> "ShedLock @SchedulerLock (JDBC)";
			case SI_JDBC -> "Spring Integration JDBC initiator";
			case SI_ZOOKEEPER -> "Spring Integration ZooKeeper";
			case STARTER_ETCD -> "this starter (etcd)";
			case STARTER_ETCD_NO_VERIFY -> "this starter (etcd, no verify)";
			case JETCD_ELECTION -> "jetcd Election API";
			case STARTER_JDBC_NO_BALANCE -> "this starter (JDBC, balancing off)";
			case STARTER_ZOOKEEPER_NO_BALANCE -> "this starter (ZooKeeper, balancing off)";
			case STARTER_ETCD_NO_BALANCE -> "this starter (etcd, balancing off)";
			case STARTER_JDBC_WEB -> "this starter (JDBC, web app)";
			case STARTER_JDBC_BEFORE -> "this starter (JDBC, before)";
			case STARTER_JDBC_WEB_BEFORE -> "this starter (JDBC, web app, before)";
		};
	}

	private static String capitalize(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
