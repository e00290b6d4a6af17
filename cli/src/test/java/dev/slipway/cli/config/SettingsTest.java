package dev.slipway.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.cli.Cli;
import dev.slipway.cli.CliException;
import dev.slipway.cli.Environment;
import dev.slipway.cli.ExitCode;

class SettingsTest {

    @TempDir
    Path home;

    private static final Settings.Flags NO_FLAGS = new Settings.Flags(null, null, null, null, null);

    private Environment environment(Map<String, String> variables) {
        return Cli.environment(variables, home, "");
    }

    private Path writeDefaultConfig(String text) throws IOException {
        Path file = home.resolve(".config/slipway/config");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheConfigFile() throws IOException {
        writeDefaultConfig("""
                # team defaults
                server = https://file.example.test
                token = file-token
                secrets-server = https://secrets-file.example.test
                """);
        Map<String, String> variables = new HashMap<>();
        variables.put(Settings.ENV_SERVER, "https://env.example.test/");
        variables.put(Settings.ENV_TOKEN, "env-token");

        Settings fromEnvironment = Settings.resolve(NO_FLAGS, environment(variables));
        Settings fromFlags = Settings.resolve(new Settings.Flags("http://flag.example.test:8080", "flag-token",
                null, null, null), environment(variables));

        assertThat(fromEnvironment.gateway().url()).hasToString("https://env.example.test");
        assertThat(fromEnvironment.gateway().token()).isEqualTo("env-token");
        assertThat(fromEnvironment.secrets().url()).hasToString("https://secrets-file.example.test");
        assertThat(fromEnvironment.configFile()).isEqualTo(home.resolve(".config/slipway/config"));
        assertThat(fromFlags.gateway().url()).hasToString("http://flag.example.test:8080");
        assertThat(fromFlags.gateway().token()).isEqualTo("flag-token");
    }

    @Test
    void secretsServiceUsesItsOwnTokenElseTheGatewayToken() {
        Map<String, String> variables = new HashMap<>(Map.of(Settings.ENV_TOKEN, "shared"));
        assertThat(Settings.resolve(NO_FLAGS, environment(variables)).secrets().token()).isEqualTo("shared");

        variables.put(Settings.ENV_SECRETS_TOKEN, "own");
        assertThat(Settings.resolve(NO_FLAGS, environment(variables)).secrets().token()).isEqualTo("own");
    }

    @Test
    void readsTheConfigFileNamedByTheEnvironmentOrUnderXdgConfigHome() throws IOException {
        Path named = Files.writeString(home.resolve("other.conf"), "server=http://named.example.test\n");
        Path xdg = home.resolve("xdg/slipway/config");
        Files.createDirectories(xdg.getParent());
        Files.writeString(xdg, "server=http://xdg.example.test\n");

        assertThat(Settings.resolve(NO_FLAGS, environment(Map.of(Settings.ENV_CONFIG, named.toString()))).gateway()
                .url()).hasToString("http://named.example.test");
        assertThat(Settings.resolve(NO_FLAGS, environment(Map.of("XDG_CONFIG_HOME", home.resolve("xdg")
                .toString()))).gateway().url()).hasToString("http://xdg.example.test");
        assertThat(Settings.resolve(NO_FLAGS, environment(Map.of())).gateway().url()).as("no file at all").isNull();
    }

    @Test
    void aConfigFileThatWasAskedForMustExist() {
        assertThatThrownBy(() -> Settings.resolve(new Settings.Flags(null, null, null, null,
                home.resolve("missing")), environment(Map.of())))
                .isInstanceOfSatisfying(CliException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_INPUT))
                .hasMessageContaining("no config file");
    }

    @Test
    void aMistakeInTheConfigFileNamesItsLineAndNotTheValue() throws IOException {
        writeDefaultConfig("server = http://ok.example.test\ntokn = s3cr3t-value\n");

        assertThatThrownBy(() -> Settings.resolve(NO_FLAGS, environment(Map.of())))
                .isInstanceOfSatisfying(CliException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCAL_INPUT))
                .hasMessageContaining("config:2: expected one of secrets-server, secrets-token, server, token")
                .hasMessageNotContaining("s3cr3t-value");
        assertThat(ConfigFile.parse(List.of("token =", "server=http://x"), "f")).containsOnlyKeys("server");
    }

    @Test
    void aServerMustBeAnHttpUrl() {
        assertThatThrownBy(() -> Settings.resolve(new Settings.Flags("ftp://x", null, null, null, null),
                environment(Map.of()))).isInstanceOfSatisfying(CliException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("--server: 'ftp://x' is not an http or https URL");
    }

    @Test
    void anEndpointNeverPrintsItsToken() {
        Settings settings = Settings.resolve(new Settings.Flags("http://x", "tok-123", null, null, null),
                environment(Map.of()));

        assertThat(settings.toString()).doesNotContain("tok-123");
    }
}
