package dev.slipway.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.slipway.contracts.fixtures.SampleEvents;

class SpecParserTest {

    @Test
    void parsesCompleteSpecToExpectedRecord() throws InvalidSpecException {
        PipelineSpec spec = SpecParser.parse(SampleEvents.specYaml());

        assertThat(spec).usingRecursiveComparison().isEqualTo(SampleEvents.spec());
        assertThat(spec).isEqualTo(SampleEvents.spec());
    }

    @Test
    void fillsDefaultsForMinimalSpec() throws InvalidSpecException {
        PipelineSpec spec = SpecParser.parse("""
                app: tiny
                build:
                  baseImage: scratch
                environments:
                  - name: staging
                """);

        assertThat(spec.build().port()).isEqualTo(8080);
        assertThat(spec.build().user()).isEqualTo("1000");
        assertThat(spec.build().commandTimeoutSeconds()).isEqualTo(600);
        assertThat(spec.chart().replicas()).isEqualTo(1);
        assertThat(spec.chart().resources().limits().memory()).isEqualTo("256Mi");
        assertThat(spec.chart().probes().readiness().path()).isEqualTo("/");
        assertThat(spec.environments()).singleElement().satisfies(e -> {
            assertThat(e.namespace()).isEqualTo("tiny-staging");
            assertThat(e.strategy()).isEqualTo(EnvironmentSpec.Strategy.ROLLING);
            assertThat(e.progressDeadlineSeconds()).isEqualTo(600);
        });
        assertThat(spec.database()).isNull();
    }

    @Test
    void canaryDefaultsToReplicaTrafficAndKubernetesAnalysis() throws InvalidSpecException {
        PipelineSpec spec = SpecParser.parse("""
                app: tiny
                build: {baseImage: scratch}
                environments:
                  - name: production
                    strategy: Canary
                    canary: {steps: [20, 60]}
                """);

        EnvironmentSpec.Canary canary = spec.environments().get(0).canary();
        assertThat(canary.steps()).containsExactly(20, 60);
        assertThat(canary.intervalSeconds()).isEqualTo(60);
        assertThat(canary.traffic()).isEqualTo(EnvironmentSpec.Traffic.REPLICAS);
        assertThat(canary.analysis().kubernetes()).isTrue();
        assertThat(canary.analysis().failureLimit()).isEqualTo(1);
    }

    @Test
    void formatsErrorAsFileLineColumnFieldMessage() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> SpecParser.parse(invalid("decreasing-steps.yaml")));

        assertThat(e.errors()).singleElement().hasToString("slipway.yaml:9:14: environments[1].canary.steps: "
                + "must be increasing percentages between 1 and 99, such as [10, 25, 50]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad-app-name.yaml             | 1  | app                                        | lower-case letters
            missing-build.yaml            | 1  | build                                      | is required
            port-out-of-range.yaml        | 4  | build.port                                 | must be between 1 and 65535
            root-user.yaml                | 4  | build.user                                 | must not be root
            decreasing-steps.yaml         | 9  | environments[1].canary.steps               | must be increasing percentages
            unknown-strategy.yaml         | 6  | environments[0].strategy                   | must be one of rolling, canary, not 'blue-green'
            misspelt-field.yaml           | 5  | chart.replicsa                             | unknown field (did you mean 'replicas'?)
            duplicate-environment.yaml    | 6  | environments[1].name                       | environment 'staging' is defined twice
            backup-without-database.yaml  | 6  | environments[0].backupBefore               | needs a top-level database section
            canary-without-settings.yaml  | 5  | environments[0].canary                     | is required
            bad-memory.yaml               | 7  | chart.resources.limits.memory              | must be a memory quantity
            bad-cron.yaml                 | 11 | database.schedule                          | the hour field '25'
            bad-interval.yaml             | 9  | environments[0].canary.interval            | must be a duration
            commands-not-a-list.yaml      | 4  | build.commands                             | must be a list of strings, not a string
            no-environments.yaml          | 4  | environments                               | must list at least one environment
            metric-without-threshold.yaml | 11 | environments[0].canary.analysis.metrics[0] | needs a threshold
            tab-indentation.yaml          | 4  | ''                                         | (TAB) for indentation
            duplicate-key.yaml            | 2  | ''                                         | not valid YAML: Duplicate field 'app'
            """)
    void reportsLineAndFieldOfMistake(String file, int line, String field, String message) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> SpecParser.parse(invalid(file)));

        assertThat(e).as(file).isNotNull();
        assertThat(e.errors()).as(e.getMessage()).anySatisfy(error -> {
            assertThat(error.file()).isEqualTo("slipway.yaml");
            assertThat(error.line()).isEqualTo(line);
            assertThat(error.column()).isPositive();
            assertThat(error.field()).isEqualTo(field);
            assertThat(error.message()).contains(message);
        });
    }

    @Test
    void reportsEveryMistakeAtOnce() {
        String yaml = """
                app: Bad Name
                build:
                  baseImage: scratch
                  port: 0
                chart:
                  replicas: -1
                environments:
                  - name: staging
                    strategy: sideways
                """;

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SpecParser.parse(yaml));

        assertThat(e.errors()).extracting(SpecError::field)
                .containsExactlyInAnyOrder("app", "build.port", "chart.replicas", "environments[0].strategy");
        assertThat(e.errors()).extracting(SpecError::line).containsExactlyInAnyOrder(1, 4, 6, 9);
    }

    @Test
    void rejectsEmptyFile() {
        assertThatThrownBy(() -> SpecParser.parse("# nothing yet\n"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("slipway.yaml:1:1: the file is empty");
    }

    @Test
    void namesTheGivenFileInErrors() {
        assertThatThrownBy(() -> SpecParser.parse("deploy/slipway.yaml", "app: [1]\n"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("deploy/slipway.yaml:1:6: app: must be a string, not a list");
    }

    @Test
    void parsesDurations() {
        assertThat(SpecParser.seconds("90")).isEqualTo(90);
        assertThat(SpecParser.seconds("45s")).isEqualTo(45);
        assertThat(SpecParser.seconds("5m")).isEqualTo(300);
        assertThat(SpecParser.seconds("1h30m")).isEqualTo(5400);
        assertThat(SpecParser.seconds("soon")).isEqualTo(-1);
        assertThat(SpecParser.seconds("")).isEqualTo(-1);
    }

    @Test
    void checksCronExpressions() {
        assertThat(Cron.problem("0 3 * * *")).isNull();
        assertThat(Cron.problem("*/15 0-6 1,15 * 1-5")).isNull();
        assertThat(Cron.problem("0 3 * *")).contains("five fields");
        assertThat(Cron.problem("61 * * * *")).contains("minute field");
        assertThat(Cron.problem("0 5-3 * * *")).contains("hour field");
    }

    private static String invalid(String name) throws IOException {
        try (InputStream in = SpecParserTest.class.getResourceAsStream("/specs/invalid/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
