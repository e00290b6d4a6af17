package dev.slipway.contracts.spec;

import java.util.List;
import java.util.Map;

/**
 * How build-service turns the commit into an image.
 *
 * @param baseImage the base image reference, or {@code scratch}
 * @param commands shell commands run in the checkout before the image is assembled
 * @param testCommands shell commands run after {@code commands}; a failure fails the stage
 * @param commandTimeoutSeconds time limit of each command
 * @param layers image layers in order, dependencies first so a code-only change rebuilds only the code layer
 * @param entrypoint the container entrypoint
 * @param port the port the application listens on
 * @param user the non-root user (name or uid) the container runs as
 * @param env environment of the container (never secrets: those come from secrets-service)
 * @param scanSecrets fail the stage when committed secrets are found in the checkout
 */
public record BuildSpec(
        String baseImage,
        List<String> commands,
        List<String> testCommands,
        int commandTimeoutSeconds,
        List<LayerSpec> layers,
        List<String> entrypoint,
        int port,
        String user,
        Map<String, String> env,
        boolean scanSecrets) {

    public static final String SCRATCH = "scratch";

    public BuildSpec {
        commands = commands == null ? List.of() : List.copyOf(commands);
        testCommands = testCommands == null ? List.of() : List.copyOf(testCommands);
        layers = layers == null ? List.of() : List.copyOf(layers);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /**
     * One image layer.
     *
     * @param name the layer's name ({@code dependencies}, {@code app})
     * @param from paths in the checkout, files or directories
     * @param to the directory in the image they are copied to
     */
    public record LayerSpec(String name, List<String> from, String to) {
        public LayerSpec {
            from = from == null ? List.of() : List.copyOf(from);
        }
    }
}
