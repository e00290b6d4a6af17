package dev.slipway.chart.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;

import dev.slipway.chart.helm.HelmCharts;
import dev.slipway.chart.publish.ChartPublisher;
import dev.slipway.chart.support.Samples;
import dev.slipway.chart.values.ChartValues;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.CommitRef;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.spec.ChartSpec;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.kubernetes.Manifests;
import dev.slipway.testkit.registry.OciRegistry;

/** A chart kept in the application's repository, read with JGit at the built commit from a real git repository. */
class RepositoryChartTest {

    private static final String CHART_YAML = """
            apiVersion: v2
            name: my-own-chart
            description: a team's own chart
            version: 9.9.9
            icon: https://example.test/icon.png
            """;
    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-settings
              labels:
                app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
            data:
              greeting: {{ .Values.greeting | quote }}
            """;

    @TempDir
    Path dir;
    Path origin;
    ChartPublisher publisher;

    @BeforeEach
    void setUp() throws Exception {
        origin = dir.resolve("origin");
        Files.createDirectories(origin);
        Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call().close();
        publisher = new ChartPublisher(new ChartPublisher.Settings(OciRegistry.shared().address(), "charts", true,
                dir.resolve("work"), Duration.ofSeconds(30), Duration.ofSeconds(30),
                new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100))));
    }

    @Test
    void publishesTheRepositoryChartAtTheCommitUnderTheApplicationsName() throws Exception {
        RevCommit commit = commit(Map.of("deploy/chart/Chart.yaml", CHART_YAML,
                "deploy/chart/values.yaml", "greeting: hi\n",
                "deploy/chart/templates/configmap.yaml", CONFIG_MAP));
        // A later commit on the branch must not leak into the chart of the earlier one.
        commit(Map.of("deploy/chart/values.yaml", "greeting: changed later\n"));
        ImageBuilt built = builtAt(commit.getName(), "deploy/chart");

        ChartPublished event = publisher.publish(built).event();

        HelmCharts helm = new HelmCharts(true);
        String reference = event.chart().repository() + "/" + event.chart().name();
        ChartValues chartYaml = ChartValues.parse(helm.showChart(reference, event.chart().version()));
        assertThat(chartYaml.at("/name").asText()).isEqualTo(built.app());
        assertThat(chartYaml.at("/version").asText()).isEqualTo(event.chart().version());
        assertThat(chartYaml.at("/appVersion").asText()).isEqualTo(commit.getName());
        assertThat(chartYaml.at("/description").asText()).isEqualTo("a team's own chart");
        ConfigMap settings = Manifests.parse(helm.templateRemote(reference, event.chart().version(), built.app(),
                "apps", null)).get(ConfigMap.class, built.app() + "-settings");
        assertThat(settings.getData()).containsEntry("greeting", "hi");
    }

    @Test
    void repositoryChartThatFailsLintEndsAsInvalidInputWithTheFindings() throws Exception {
        RevCommit commit = commit(Map.of("chart/Chart.yaml", CHART_YAML,
                "chart/values.yaml", "greeting: hi\n",
                "chart/templates/broken.yaml", "kind: ConfigMap\nname: {{ .Values.greeting | nosuchfunction }}\n"));
        ImageBuilt built = builtAt(commit.getName(), "chart");

        assertThatThrownBy(() -> publisher.publish(built)).isInstanceOfSatisfying(StageException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(e.getMessage()).contains("lint").contains("nosuchfunction");
            assertThat(e.logTail()).anyMatch(line -> line.contains("nosuchfunction"));
        });
    }

    @Test
    void chartPathMissingAtTheCommitEndsAsInvalidInput() throws Exception {
        RevCommit commit = commit(Map.of("README.md", "no chart here\n"));
        ImageBuilt built = builtAt(commit.getName(), "deploy/chart");

        assertThatThrownBy(() -> publisher.publish(built)).isInstanceOfSatisfying(StageException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(e.getMessage()).contains("deploy/chart");
        });
    }

    @Test
    void chartPathLeavingTheRepositoryIsRefused() throws Exception {
        RevCommit commit = commit(Map.of("chart/Chart.yaml", CHART_YAML));
        ImageBuilt built = builtAt(commit.getName(), "../outside");

        assertThatThrownBy(() -> publisher.publish(built)).isInstanceOfSatisfying(StageException.class,
                e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT));
    }

    @Test
    void credentialsInTheCloneUrlNeverReachAMessage() {
        assertThat(RepositoryCharts.safe("cannot fetch https://ci:s3cr3t@git.example.test/team/app.git: 401"))
                .isEqualTo("cannot fetch https://git.example.test/team/app.git: 401")
                .doesNotContain("s3cr3t");
    }

    private RevCommit commit(Map<String, String> files) throws Exception {
        try (Git git = Git.open(origin.toFile())) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = origin.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git.add().addFilepattern(".").call();
            return git.commit().setMessage("change").setAuthor("Ada", "ada@example.test")
                    .setCommitter("Ada", "ada@example.test").setSign(false).call();
        }
    }

    private ImageBuilt builtAt(String sha, String chartPath) {
        ImageBuilt base = Samples.minimal();
        String app = "own-" + UUID.randomUUID().toString().substring(0, 8);
        ChartSpec chart = base.spec().chart();
        PipelineSpec spec = new PipelineSpec(app, base.spec().build(), new ChartSpec(chartPath, chart.replicas(),
                chart.resources(), chart.probes(), chart.ingress(), chart.hpa(), chart.secrets()),
                base.spec().environments(), base.spec().database());
        CommitRef commit = new CommitRef("gitea", "team/" + app, origin.toUri().toString(), "main", sha);
        return new ImageBuilt(app, commit, base.image(), null, 1, 1, 1, spec);
    }
}
