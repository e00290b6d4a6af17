package dev.slipway.testkit.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback address, for servers that must be told their port up front. */
public final class FreePorts {

    public static final String LOOPBACK = "127.0.0.1";

    /** A port that was free on 127.0.0.1 a moment ago; callers retry if a server then fails to bind it. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + LOOPBACK, e);
        }
    }

    private FreePorts() {
    }
}
