package dev.slipway.cli.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.slipway.cli.CliException;
import dev.slipway.cli.Environment;
import dev.slipway.cli.ExitCode;

/**
 * Where the servers are and which tokens to show them. Each setting comes from the first of: a flag, an environment
 * variable, the config file.
 *
 * @param gateway gateway-service: {@code --server}, {@code SLIPWAY_SERVER}, {@code server}; {@code --token},
 *        {@code SLIPWAY_TOKEN}, {@code token}
 * @param secrets secrets-service: {@code --secrets-server}, {@code SLIPWAY_SECRETS_SERVER}, {@code secrets-server};
 *        {@code --secrets-token}, {@code SLIPWAY_SECRETS_TOKEN}, {@code secrets-token}, else the gateway's token
 * @param configFile the config file that was read, or null
 */
public record Settings(Endpoint gateway, Endpoint secrets, Path configFile) {

    public static final String ENV_SERVER = "SLIPWAY_SERVER";
    public static final String ENV_TOKEN = "SLIPWAY_TOKEN";
    public static final String ENV_SECRETS_SERVER = "SLIPWAY_SECRETS_SERVER";
    public static final String ENV_SECRETS_TOKEN = "SLIPWAY_SECRETS_TOKEN";
    public static final String ENV_CONFIG = "SLIPWAY_CONFIG";

    /**
     * The flags given on the command line; null where not given.
     */
    public record Flags(String server, String token, String secretsServer, String secretsToken, Path config) {
    }

    /**
     * Resolves the settings.
     *
     * @throws CliException for a config file that cannot be read, or a server that is not an http(s) URL
     */
    public static Settings resolve(Flags flags, Environment environment) {
        Path file = configFile(flags, environment);
        Map<String, String> config = file == null ? Map.of() : ConfigFile.read(file);
        String server = first(flags.server(), environment.variable(ENV_SERVER), config.get(ConfigFile.SERVER));
        String token = first(flags.token(), environment.variable(ENV_TOKEN), config.get(ConfigFile.TOKEN));
        String secretsServer = first(flags.secretsServer(), environment.variable(ENV_SECRETS_SERVER),
                config.get(ConfigFile.SECRETS_SERVER));
        String secretsToken = first(flags.secretsToken(), environment.variable(ENV_SECRETS_TOKEN),
                config.get(ConfigFile.SECRETS_TOKEN));
        return new Settings(
                new Endpoint("gateway", url(server, "--server"), token,
                        "--server/--token, " + ENV_SERVER + "/" + ENV_TOKEN + ", or server/token in "
                                + describe(file, environment)),
                new Endpoint("secrets-service", url(secretsServer, "--secrets-server"),
                        secretsToken == null ? token : secretsToken,
                        "--secrets-server/--secrets-token, " + ENV_SECRETS_SERVER + "/" + ENV_SECRETS_TOKEN
                                + ", or secrets-server/secrets-token in " + describe(file, environment)),
                file);
    }

    /**
     * The config file to read: {@code --config}, else {@code SLIPWAY_CONFIG} (both must exist), else
     * {@code $XDG_CONFIG_HOME/slipway/config} or {@code ~/.config/slipway/config} when it exists.
     */
    static Path configFile(Flags flags, Environment environment) {
        if (flags.config() != null) {
            return requireFile(flags.config(), "--config");
        }
        Optional<String> fromEnv = environment.variable(ENV_CONFIG);
        if (fromEnv.isPresent()) {
            return requireFile(Path.of(fromEnv.get()), ENV_CONFIG);
        }
        Path standard = defaultConfigFile(environment);
        return Files.isRegularFile(standard) ? standard : null;
    }

    static Path defaultConfigFile(Environment environment) {
        return environment.variable("XDG_CONFIG_HOME").map(Path::of).orElse(environment.home().resolve(".config"))
                .resolve("slipway").resolve("config");
    }

    private static String describe(Path file, Environment environment) {
        return (file == null ? defaultConfigFile(environment) : file).toString();
    }

    private static Path requireFile(Path file, String from) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCode.LOCAL_INPUT, "no config file " + file + " (from " + from + ")");
        }
        return file;
    }

    private static String first(String flag, Optional<String> variable, String configured) {
        if (flag != null && !flag.isBlank()) {
            return flag.strip();
        }
        return variable.orElse(configured);
    }

    private static URI url(String value, String option) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new CliException(ExitCode.USAGE, option + ": '" + value + "' is not an http or https URL");
    }
}
