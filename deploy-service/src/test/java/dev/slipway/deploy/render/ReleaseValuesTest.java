package dev.slipway.deploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.contracts.events.ImageRef;
import dev.slipway.runtime.StageException;

class ReleaseValuesTest {

    private static final ImageRef OLD = new ImageRef("registry:5000/apps/shop", "sha256:" + "a".repeat(64), List.of());
    private static final ImageRef NEW = new ImageRef("registry:5000/apps/shop", "sha256:" + "b".repeat(64), List.of());

    @Test
    void aStableReleaseSetsImageLabelsAndNoCanary() {
        Map<String, Object> values = new ReleaseValues("shop", "staging", ObjectLabels.release("run-1", 3), NEW, null,
                null, null, null).toMap();

        assertThat(values).containsEntry("app", "shop").containsEntry("environment", "staging")
                .containsEntry("labels", Map.of("slipway.dev/run", "run-1", "slipway.dev/revision", "3"))
                .containsEntry("image", Map.of("repository", NEW.repository(), "digest", NEW.digest()))
                .containsEntry("canary", Map.of("enabled", false))
                .containsEntry("httpRoute", Map.of("enabled", false))
                .doesNotContainKeys("replicas", "secrets");
    }

    @Test
    void aCanaryStepKeepsTheOldImageOnStableAndSplitsReplicas() {
        Map<String, Object> values = new ReleaseValues("shop", "production", Map.of(), OLD, 3,
                new ReleaseValues.Canary(1, 25, NEW),
                new ReleaseValues.Secrets("shop-secrets", "c0ffee", List.of("API_TOKEN")),
                new ReleaseValues.HttpRoute(List.of(Map.of("name", "edge")))).toMap();

        assertThat(values).containsEntry("replicas", 3)
                .containsEntry("image", Map.of("repository", OLD.repository(), "digest", OLD.digest()))
                .containsEntry("canary", Map.of("enabled", true, "replicas", 1, "weight", 25, "image",
                        Map.of("repository", NEW.repository(), "digest", NEW.digest())))
                .containsEntry("secrets", Map.of("enabled", true, "name", "shop-secrets", "checksum", "c0ffee",
                        "keys", List.of("API_TOKEN")))
                .containsEntry("httpRoute", Map.of("enabled", true, "parentRefs", List.of(Map.of("name", "edge"))));
    }

    @Test
    void labelValuesAreMadeValid() {
        assertThat(ObjectLabels.labelValue("run/2026:01")).isEqualTo("run-2026-01");
        assertThat(ObjectLabels.labelValue("x".repeat(80))).hasSize(63);
        assertThat(ObjectLabels.labelValue("-abc-")).isEqualTo("abc");
    }

    @Test
    void stampsNamespaceAndReleaseLabelsOnEveryObject() throws StageException {
        List<ObjectNode> objects = Manifests.parse("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: shop
                  namespace: elsewhere
                ---
                # an empty document
                ---
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: shop-config}
                """);

        ObjectLabels.stamp(objects, "shop", "staging", "shop-staging", ObjectLabels.release("run-1", 2));

        assertThat(objects).hasSize(2).allSatisfy(object -> {
            assertThat(object.at("/metadata/namespace").asText()).isEqualTo("shop-staging");
            assertThat(object.at("/metadata/labels/slipway.dev~1run").asText()).isEqualTo("run-1");
            assertThat(object.at("/metadata/labels/slipway.dev~1revision").asText()).isEqualTo("2");
            assertThat(object.at("/metadata/labels/slipway.dev~1environment").asText()).isEqualTo("staging");
            assertThat(object.at("/metadata/labels/app.kubernetes.io~1name").asText()).isEqualTo("shop");
        });
    }

    @Test
    void aDocumentThatIsNotAnObjectIsInvalid() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.parse("kind: Service\n"))
                .isInstanceOf(StageException.class).hasMessageContaining("lacks apiVersion");
    }
}
