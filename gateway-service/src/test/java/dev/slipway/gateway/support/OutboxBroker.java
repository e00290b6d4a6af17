package dev.slipway.gateway.support;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

import org.apache.kafka.common.Uuid;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import dev.slipway.testkit.support.FreePorts;
import dev.slipway.testkit.support.SharedServers;
import dev.slipway.testkit.support.TempDirs;

/**
 * A real KRaft broker that a test can stop and start again on the same ports, cluster id and log directory, so
 * clients reconnect to it as to a broker that came back after an outage. One per JVM, owned by the copy of this class
 * in the system class loader (a {@code @QuarkusTest} loads test classes again in its own loader).
 */
public final class OutboxBroker {

    static final String BOOTSTRAP_PROPERTY = "gateway-tests.outbox-broker.bootstrap-servers";

    private static OutboxBroker shared;

    private final int port = FreePorts.next();
    private final int controllerPort = FreePorts.next();
    private final String clusterId = Uuid.randomUuid().toString();
    private final Path logDir = TempDirs.create("gateway-outbox-kafka");
    private EmbeddedKafkaBroker broker;

    private OutboxBroker() {
    }

    /** Starts the broker unless it runs, and returns its bootstrap servers. */
    public static String bootstrapServers() {
        up();
        return System.getProperty(BOOTSTRAP_PROPERTY);
    }

    /** Starts the broker, or starts it again after {@link #down()}. */
    public static void up() {
        if (!delegated("upHere")) {
            upHere();
        }
    }

    /** Stops the broker; its data stays for {@link #up()}. */
    public static void down() {
        if (!delegated("downHere")) {
            downHere();
        }
    }

    public static synchronized void upHere() {
        if (shared == null) {
            shared = new OutboxBroker();
            SharedServers.stopOnExit("gateway-outbox-kafka", () -> {
                downHere();
                TempDirs.delete(shared.logDir);
            });
            System.setProperty(BOOTSTRAP_PROPERTY, FreePorts.LOOPBACK + ":" + shared.port);
        }
        if (shared.broker == null) {
            shared.broker = new EmbeddedKafkaBroker()
                    .withKafkaHost(FreePorts.LOOPBACK)
                    .withKafkaPort(shared.port)
                    .withControllerPort(shared.controllerPort)
                    .withClusterId(shared.clusterId)
                    .withDeleteLogDirsOnClose(false)
                    .withAdditionalProperties(properties -> {
                        properties.put("log.dir", shared.logDir.toString());
                        properties.put("num.network.threads", "2");
                        properties.put("num.io.threads", "2");
                        properties.put("background.threads", "2");
                        properties.put("num.recovery.threads.per.data.dir", "1");
                        properties.put("transaction.state.log.num.partitions", "1");
                        properties.put("offsets.topic.num.partitions", "1");
                    })
                    .start();
        }
    }

    public static synchronized void downHere() {
        if (shared != null && shared.broker != null) {
            shared.broker.close();
            shared.broker = null;
        }
    }

    /** Runs {@code method} on the system class loader's copy; false when this copy is that one. */
    private static boolean delegated(String method) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (OutboxBroker.class.getClassLoader() == system) {
            return false;
        }
        Class<?> root;
        try {
            root = Class.forName(OutboxBroker.class.getName(), true, system);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(system);
        try {
            root.getMethod(method).invoke(null);
            return true;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the outbox broker failed to " + method, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the outbox broker", e);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }
}
