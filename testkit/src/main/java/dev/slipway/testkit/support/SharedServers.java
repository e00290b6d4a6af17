package dev.slipway.testkit.support;

import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * One server of each kind per JVM, however many class loaders load testkit.
 *
 * <p>
 * A {@code @QuarkusTest} loads testkit again in each application class loader, and Quarkus closes that loader when it
 * restarts the application for another set of test resources. A broker started from such a copy would be started again
 * for every restart and would lose its classes when the loader closes. So every copy asks the copy in the system class
 * loader to start the server, and that copy publishes the server's address as system properties, which all copies
 * read.
 */
public final class SharedServers {

    /**
     * Makes the system class loader's copy of {@code type} start its shared server by calling its static
     * {@code shared()}.
     *
     * @return true if another copy now owns the server and its system properties are set; false if the caller's own
     *         copy is the one in the system class loader (or testkit is not there), so it must start the server itself
     */
    public static boolean startedBySystemClassLoader(Class<?> type) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (type.getClassLoader() == system) {
            return false;
        }
        Class<?> root;
        try {
            root = Class.forName(type.getName(), true, system);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        if (root == type) {
            return false;
        }
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        // Kafka and log4j load classes through the context class loader: it must be the one that loaded them.
        thread.setContextClassLoader(system);
        try {
            root.getMethod("shared").invoke(null);
            return true;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Cannot start the shared " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot start the shared " + type.getSimpleName(), e);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    /**
     * Runs {@code start} with {@code owner}'s class loader as the thread's context class loader, so that a server
     * started from a test (whose context loader may be an application class loader) loads its plugins and threads
     * from the loader that holds its classes.
     */
    public static <T> T withContextClassLoaderOf(Class<?> owner, Supplier<T> start) {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(owner.getClassLoader());
        try {
            return start.get();
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    /** The value of a system property that the owning copy must have set. */
    public static String published(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " was not published by the shared server");
        }
        return value;
    }

    /** Stops {@code server} when the JVM exits; servers stop in parallel, each on its own hook thread. */
    public static void stopOnExit(String name, AutoCloseable server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception | LinkageError e) {
                // The JVM is exiting; the tether and reaper processes finish the clean-up.
            }
        }, "slipway-testkit-stop-" + name));
    }

    private SharedServers() {
    }
}
