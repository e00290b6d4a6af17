package dev.slipway.install.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.marcnuri.helm.LintResult;

import dev.slipway.install.chart.support.SlipwayChart;

/** {@code helm lint --strict} and the values schema, through the real Helm library. */
class ChartLintTest {

    @TempDir
    Path work;

    @Test
    void lintsStrictlyWithItsOwnValues() {
        LintResult result = SlipwayChart.lint();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).allMatch(m -> m.startsWith("[INFO]"));
    }

    @Test
    void lintsStrictlyWithProductionValues() {
        LintResult result = SlipwayChart.lint(work, SlipwayChart.values("production"));

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).allMatch(m -> m.startsWith("[INFO]"));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("a namespace that is not a DNS label",
                        Map.of("managedNamespaces", List.of("Shop_Staging")), "managedNamespaces"),
                Arguments.of("a namespace listed twice",
                        Map.of("managedNamespaces", List.of("shop", "shop")), "managedNamespaces"),
                Arguments.of("a digest that is not sha256",
                        Map.of("build", Map.of("image", Map.of("digest", "latest"))), "digest"),
                Arguments.of("a token name the environment cannot carry",
                        Map.of("apiTokens", Map.of("tokens", List.of(Map.of("name", "ci-bot", "role", "sre",
                                "sha256Secret", Map.of("name", "t", "key", "k"))))),
                        "name"),
                Arguments.of("a token whose hash is not in a Secret",
                        Map.of("apiTokens", Map.of("tokens", List.of(Map.of("name", "ci", "role", "sre",
                                "sha256", "ab12")))),
                        "sha256Secret"),
                Arguments.of("an unknown role",
                        Map.of("apiTokens", Map.of("tokens", List.of(Map.of("name", "ci", "role", "root",
                                "sha256Secret", Map.of("name", "t", "key", "k"))))),
                        "role"),
                Arguments.of("no Kafka brokers", Map.of("kafka", Map.of("bootstrapServers", "")),
                        "bootstrapServers"),
                Arguments.of("negative replicas", Map.of("chart", Map.of("replicas", -1)), "replicas"),
                Arguments.of("a misspelt top-level key", Map.of("kafak", Map.of()), "kafak"),
                Arguments.of("a writable root filesystem",
                        Map.of("securityContext", Map.of("readOnlyRootFilesystem", false)),
                        "readOnlyRootFilesystem"),
                Arguments.of("a root user", Map.of("podSecurityContext", Map.of("runAsNonRoot", false)),
                        "runAsNonRoot"),
                Arguments.of("a topic Slipway does not have",
                        Map.of("kafka", Map.of("topics", Map.of("overrides", Map.of("commits", Map.of())))),
                        "commits"),
                Arguments.of("a static database without a password Secret",
                        Map.of("backup", Map.of("staticDatabases", List.of(Map.of("name", "slipway", "host",
                                "db", "database", "slipway", "user", "backup")))),
                        "passwordSecret"),
                Arguments.of("a backup schedule that is not five fields",
                        Map.of("backup", Map.of("staticDatabases", List.of(Map.of("name", "slipway", "host",
                                "db", "database", "slipway", "user", "backup", "schedule", "daily",
                                "passwordSecret", Map.of("name", "db", "key", "password"))))),
                        "schedule"),
                Arguments.of("a lowercase variable name in env",
                        Map.of("deploy", Map.of("env", Map.of("slipway.deploy.lease", "1m"))), "invalid propertyName"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void schemaRejects(String what, Map<String, ?> overrides, String named) {
        assertThatThrownBy(() -> SlipwayChart.template(overrides))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(named);
    }

    @Test
    void tlsIngressWithoutCertificateSecretFailsWithAClearMessage() {
        assertThatThrownBy(() -> SlipwayChart.template(Map.of("ingress", Map.of("tls", Map.of("enabled", true)))))
                .hasMessageContaining("ingress.tls.secretName names the certificate's Secret");
    }
}
