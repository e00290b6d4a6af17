package dev.slipway.chart.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.chart.support.Samples;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.spec.ChartSpec;

class ChartValuesTest {

    @Test
    void imageIsTheBuiltImageByDigest() {
        ChartValues values = ChartValues.from(Samples.full());

        assertThat(values.at("/image/repository").asText()).isEqualTo("127.0.0.1:5000/apps/hello");
        assertThat(values.at("/image/digest").asText()).isEqualTo("sha256:" + "ab".repeat(32));
        assertThat(values.at("/image/tag").isMissingNode()).isTrue();
    }

    @Test
    void appReplicasAndPortComeFromTheSpec() {
        ChartValues values = ChartValues.from(Samples.full());

        assertThat(values.at("/app").asText()).isEqualTo("hello");
        assertThat(values.at("/replicas").asInt()).isEqualTo(2);
        assertThat(values.at("/containerPort").asInt()).isEqualTo(8080);
        assertThat(values.at("/environment").asText()).isEqualTo(ChartValues.NO_ENVIRONMENT);
    }

    @Test
    void resourcesComeFromTheSpec() {
        ChartValues values = ChartValues.from(Samples.full());

        assertThat(values.at("/resources/requests/cpu").asText()).isEqualTo("50m");
        assertThat(values.at("/resources/requests/memory").asText()).isEqualTo("32Mi");
        assertThat(values.at("/resources/limits/cpu").asText()).isEqualTo("200m");
        assertThat(values.at("/resources/limits/memory").asText()).isEqualTo("64Mi");
    }

    @Test
    void probesComeFromTheSpec() {
        JsonNode readiness = ChartValues.from(Samples.full()).at("/probes/readiness");

        assertThat(readiness.path("path").asText()).isEqualTo("/index.html");
        assertThat(readiness.path("periodSeconds").asInt()).isEqualTo(2);
        assertThat(readiness.path("failureThreshold").asInt()).isEqualTo(3);
        assertThat(readiness.path("port").asInt()).isZero();
        assertThat(ChartValues.from(Samples.full()).at("/probes/startup/failureThreshold").asInt()).isEqualTo(30);
    }

    @Test
    void ingressWithTlsComesFromTheSpec() {
        JsonNode ingress = ChartValues.from(Samples.full()).at("/ingress");

        assertThat(ingress.path("enabled").asBoolean()).isTrue();
        assertThat(ingress.path("host").asText()).isEqualTo("hello.example.test");
        assertThat(ingress.path("path").asText()).isEqualTo("/");
        assertThat(ingress.path("tlsSecret").asText()).isEqualTo("hello-tls");
        assertThat(ingress.path("className").asText()).isEmpty();
    }

    @Test
    void hpaComesFromTheSpec() {
        JsonNode hpa = ChartValues.from(Samples.full()).at("/hpa");

        assertThat(hpa.path("enabled").asBoolean()).isTrue();
        assertThat(hpa.path("minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.path("maxReplicas").asInt()).isEqualTo(4);
        assertThat(hpa.path("cpuUtilization").asInt()).isEqualTo(75);
    }

    @Test
    void secretsListEnablesTheApplicationSecret() {
        JsonNode secrets = ChartValues.from(Samples.full()).at("/secrets");

        assertThat(secrets.path("enabled").asBoolean()).isTrue();
        assertThat(secrets.path("name").asText()).isEqualTo("hello-secrets");
        assertThat(secrets.path("keys")).extracting(JsonNode::asText)
                .containsExactly("API_TOKEN", "DATABASE_PASSWORD");
        assertThat(secrets.path("checksum").asText()).as("deploy-service sets the checksum").isEmpty();
    }

    @Test
    void plainEnvAndNumericUserComeFromTheBuildSpec() {
        ChartValues values = ChartValues.from(Samples.full());

        assertThat(values.at("/env/GREETING").asText()).isEqualTo("hello");
        assertThat(values.at("/securityContext/runAsUser").asInt()).isEqualTo(1000);
    }

    @Test
    void minimalSpecKeepsTheChartDefaults() {
        ChartValues values = ChartValues.from(Samples.minimal());
        ChartValues defaults = ChartValues.defaults();

        assertThat(values.at("/replicas").asInt()).isEqualTo(1);
        assertThat(values.at("/ingress/enabled").asBoolean()).isFalse();
        assertThat(values.at("/hpa/enabled").asBoolean()).isFalse();
        assertThat(values.at("/secrets/enabled").asBoolean()).isFalse();
        assertThat(values.at("/canary")).isEqualTo(defaults.at("/canary"));
        assertThat(values.at("/httpRoute")).isEqualTo(defaults.at("/httpRoute"));
        assertThat(values.at("/pdb/enabled").asText()).isEqualTo("auto");
    }

    @Test
    void environmentSetsItsLabelAndProgressDeadline() {
        ImageBuilt built = Samples.full();
        ChartValues production = ChartValues.from(built, built.spec().environment("production").orElseThrow());
        ChartValues staging = ChartValues.from(built, built.spec().environment("staging").orElseThrow());

        assertThat(production.at("/environment").asText()).isEqualTo("production");
        assertThat(production.at("/progressDeadlineSeconds").asInt()).isEqualTo(600);
        assertThat(staging.at("/environment").asText()).isEqualTo("staging");
        assertThat(staging.at("/progressDeadlineSeconds").asInt()).isEqualTo(120);
    }

    @Test
    void sameInputGivesSameValues() {
        assertThat(ChartValues.from(Samples.full()).toYaml()).isEqualTo(ChartValues.from(Samples.full()).toYaml());
    }

    @Test
    void valuesSurviveTheirYamlForm() {
        ChartValues values = ChartValues.from(Samples.full());

        assertThat(ChartValues.parse(values.toYaml())).isEqualTo(values);
    }

    @Test
    void specWithoutSecretsLeavesThemDisabled() {
        ChartSpec chart = Samples.full().spec().chart();
        ImageBuilt built = Samples.withChart(Samples.full(), new ChartSpec(null, 3, chart.resources(),
                chart.probes(), null, null, List.of()));

        ChartValues values = ChartValues.from(built);

        assertThat(values.at("/secrets/enabled").asBoolean()).isFalse();
        assertThat(values.at("/ingress/enabled").asBoolean()).isFalse();
        assertThat(values.at("/replicas").asInt()).isEqualTo(3);
    }

    @Test
    void userNameIsNotTurnedIntoAUid() {
        assertThat(ChartValues.numericUser("1000:1000")).isEqualTo(1000);
        assertThat(ChartValues.numericUser("app")).isNull();
        assertThat(ChartValues.numericUser(null)).isNull();
    }

    @Test
    void withReplacesOneKeyInACopy() {
        ChartValues values = ChartValues.from(Samples.full());

        ChartValues changed = values.with("/canary/weight", 25);

        assertThat(changed.at("/canary/weight").asInt()).isEqualTo(25);
        assertThat(values.at("/canary/weight").asInt()).isZero();
    }
}
