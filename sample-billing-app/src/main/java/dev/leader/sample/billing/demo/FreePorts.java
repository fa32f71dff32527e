package dev.leader.sample.billing.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports of the loopback address, picked by the operating system.
 *
 * @author leader-spring-boot-starter
 */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * A port that was free a moment ago.
	 * @return the port
	 */
	public static int next() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

}
