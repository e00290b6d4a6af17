package dev.slipway.deploy.apply;

import static dev.slipway.deploy.support.Releases.received;
import static dev.slipway.deploy.support.Releases.release;
import static dev.slipway.deploy.support.Releases.rolling;
import static dev.slipway.deploy.support.Releases.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.events.Deployed.Outcome;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.deploy.release.ReleaseEngine;
import dev.slipway.deploy.support.EngineHarness;
import dev.slipway.runtime.StageException;
import dev.slipway.testkit.kubernetes.ServerSideApplyDispatcher;

/**
 * Server-side apply as a real API server answers it where testkit's dispatcher does not: a field another manager owns
 * conflicts when the apply sets it to a different value and does not force.
 */
class ServerSideApplyTest {

    /** Records apply requests and answers 409 for fields the test gave to another manager, as the API server does. */
    static final class ConflictingDispatcher extends ServerSideApplyDispatcher {

        record Owned(String manager, String field) {
        }

        final List<URI> applies = new CopyOnWriteArrayList<>();
        final Map<String, Owned> owners = new ConcurrentHashMap<>();

        @Override
        public MockResponse handlePatch(RecordedRequest request) {
            String contentType = request.getHeader("Content-Type");
            if (contentType == null || !contentType.startsWith(APPLY_PATCH)) {
                return super.handlePatch(request);
            }
            URI uri = URI.create(request.getPath());
            applies.add(uri);
            Owned owned = owners.get(uri.getRawPath());
            boolean forced = uri.getRawQuery() != null && uri.getRawQuery().contains("force=true");
            if (owned != null && !forced) {
                try {
                    JsonNode patch = new YAMLMapper().readTree(request.getBody().readUtf8());
                    JsonNode live = Json.MAPPER.readTree(handleGet(uri.getRawPath()).getBody().readUtf8());
                    String pointer = owned.field().replace('.', '/');
                    if (!patch.at(pointer).isMissingNode() && !patch.at(pointer).equals(live.at(pointer))) {
                        return conflict(owned);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return super.handlePatch(request);
        }

        private static MockResponse conflict(Owned owned) {
            String message = "Apply failed with 1 conflict: conflict with \\\"" + owned.manager()
                    + "\\\" using apps/v1: " + owned.field();
            return new MockResponse().setResponseCode(409).setBody("""
                    {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"%s",
                     "reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict",
                     "message":"conflict with \\"%s\\" using apps/v1","field":"%s"}]},"code":409}
                    """.formatted(message, owned.manager(), owned.field()));
        }
    }

    private static ConflictingDispatcher dispatcher;
    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private EngineHarness h;

    @BeforeAll
    static void startApiServer() throws IOException {
        dispatcher = new ConflictingDispatcher();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        server.destroy();
    }

    @BeforeEach
    void emptyCluster() {
        dispatcher.reset();
        dispatcher.applies.clear();
        dispatcher.owners.clear();
        h = new EngineHarness(client);
    }

    private static ObjectNode configMap(String name, String value) {
        ObjectNode map = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        map.putObject("metadata").put("name", name).put("namespace", "shop");
        map.putObject("data").put("mode", value);
        return map;
    }

    @Test
    void appliesAsTheSlipwayFieldManagerWithoutForcing() throws StageException {
        h.cluster.apply(configMap("settings", "a"));
        h.cluster.apply(configMap("settings", "b"));

        assertThat(dispatcher.applies).hasSize(2).allSatisfy(uri -> {
            assertThat(uri.getRawQuery()).contains("fieldManager=slipway");
            assertThat(uri.getRawQuery()).doesNotContain("force=true");
        });
        assertThat(client.configMaps().inNamespace("shop").withName("settings").get().getData())
                .containsEntry("mode", "b");
    }

    @Test
    void neverWritesTheStatusOfWhatItApplies() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop", 60));
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        ReleaseEngine engine = h.engine();
        h.tickUntil(engine, h.rolloutsBecomeReady("shop"), () -> !h.events.deployed("staging").isEmpty());
        Integer available = h.deployment("shop", "shop").getStatus().getAvailableReplicas();

        h.cluster.apply(h.store.load("shop", "shop").orElseThrow().liveObjects.get(0));

        assertThat(h.deployment("shop", "shop").getStatus().getAvailableReplicas()).isEqualTo(available)
                .isEqualTo(2);
    }

    @Test
    void aFieldOwnedByAnotherManagerIsAReportedConflict() {
        assertThatThrownBy(() -> {
            h.cluster.apply(configMap("limits", "a"));
            dispatcher.owners.put("/api/v1/namespaces/shop/configmaps/limits", new ConflictingDispatcher.Owned(
                    "kubectl-edit", ".data.mode"));
            h.cluster.apply(configMap("limits", "b"));
        }).isInstanceOf(StageException.class).satisfies(e -> {
            StageException stage = (StageException) e;
            assertThat(stage.reason()).isEqualTo(FailureReason.CONFLICT);
            assertThat(stage.getMessage()).contains("ConfigMap shop/limits", "kubectl-edit", ".data.mode",
                    "does not force");
        });
        assertThat(client.configMaps().inNamespace("shop").withName("limits").get().getData())
                .containsEntry("mode", "a");
    }

    @Test
    void aConflictingFieldOwnerFailsTheReleaseAndIsReported() throws StageException {
        PipelineSpec spec = spec("shop", 2, List.of(), rolling("staging", "shop", 60));
        ReleaseEngine engine = h.engine();
        h.intake.chartPublished(received(release(spec, '1'), "run-1"));
        h.tickUntil(engine, h.rolloutsBecomeReady("shop"), () -> !h.events.deployed("staging").isEmpty());

        // Given someone scaled the Deployment by hand, so another manager owns its replicas
        client.apps().deployments().inNamespace("shop").withName("shop").scale(5);
        dispatcher.owners.put("/apis/apps/v1/namespaces/shop/deployments/shop",
                new ConflictingDispatcher.Owned("kubectl-scale", ".spec.replicas"));

        // When the next release sets replicas again
        h.intake.chartPublished(received(release(spec, '2'), "run-2"));
        h.tickUntil(engine, () -> h.events.deployed("staging").size() == 2);

        // Then the conflict is reported, not forced
        assertThat(h.events.of(StageFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.CONFLICT);
            assertThat(f.retriable()).isFalse();
            assertThat(f.message()).contains("Deployment shop/shop", "kubectl-scale", ".spec.replicas");
        });
        assertThat(h.events.deployed("staging").get(1).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(h.deployment("shop", "shop").getSpec().getReplicas()).isEqualTo(5);
        assertThat(dispatcher.applies).allSatisfy(uri -> assertThat(uri.getRawQuery()).doesNotContain("force"));
    }

}
