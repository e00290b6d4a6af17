package dev.slipway.deploy.apply;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import dev.slipway.contracts.FailureReason;
import dev.slipway.deploy.analysis.TrackReader;
import dev.slipway.deploy.plan.ObjectKey;
import dev.slipway.runtime.StageException;

/**
 * The cluster as deploy-service uses it: server-side apply under the field manager {@value #FIELD_MANAGER} without
 * forcing (a field another manager owns is a reported conflict, never taken over), reads of live objects and of status
 * subresources, and deletes for pruning. Status is never written.
 */
public final class KubernetesCluster implements TrackReader {

    public static final String FIELD_MANAGER = "slipway";
    public static final String TRACK_LABEL = "slipway.dev/track";
    public static final String NAME_LABEL = "app.kubernetes.io/name";

    private static final Logger LOG = Logger.getLogger(KubernetesCluster.class);
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "GatewayClass");

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;

    public KubernetesCluster(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    public static boolean clusterScoped(String kind) {
        return CLUSTER_SCOPED.contains(kind);
    }

    /** Creates the namespace when it does not exist. */
    public void ensureNamespace(String namespace) throws StageException {
        try {
            if (client.namespaces().withName(namespace).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", "slipway").endMetadata().build())
                        .fieldManager(FIELD_MANAGER).serverSideApply();
            }
        } catch (KubernetesClientException e) {
            throw translate(e, "cannot create namespace " + namespace);
        }
    }

    /**
     * Server-side applies {@code manifest} as {@value #FIELD_MANAGER}, without forcing conflicts.
     *
     * @throws StageException CONFLICT when another field manager owns a field the manifest sets, INVALID_INPUT when
     *         the API server rejects the object, UNAVAILABLE when it does not answer
     */
    public JsonNode apply(ObjectNode manifest) throws StageException {
        ObjectKey key = ObjectKey.of(manifest);
        GenericKubernetesResource resource = serialization.convertValue(manifest, GenericKubernetesResource.class);
        try {
            GenericKubernetesResource applied = resource(key).resource(resource).fieldManager(FIELD_MANAGER)
                    .serverSideApply();
            return serialization.convertValue(applied, JsonNode.class);
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw StageException.of(FailureReason.CONFLICT, key + " has fields owned by another manager; "
                        + "Slipway does not force them: " + statusMessage(e), e);
            }
            throw translate(e, "cannot apply " + key);
        }
    }

    /** The live object, or null. */
    public JsonNode get(ObjectKey key) throws StageException {
        try {
            GenericKubernetesResource live = resource(key).withName(key.name()).get();
            return live == null ? null : serialization.convertValue(live, JsonNode.class);
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return null;
            }
            throw translate(e, "cannot read " + key);
        }
    }

    /** Deletes the object (its dependents in the background); an absent object is fine. */
    public void delete(ObjectKey key) throws StageException {
        try {
            resource(key).withName(key.name()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                throw translate(e, "cannot delete " + key);
            }
        }
    }

    @Override
    public JsonNode deployment(String namespace, String app, String track) {
        String name = "canary".equals(track) ? app + "-canary" : app;
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        return deployment == null ? null : serialization.convertValue(deployment, JsonNode.class);
    }

    @Override
    public List<JsonNode> pods(String namespace, String app, String track) {
        List<JsonNode> pods = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(namespace).withLabel(NAME_LABEL, app).withLabel(TRACK_LABEL, track)
                .list().getItems()) {
            pods.add(serialization.convertValue(pod, JsonNode.class));
        }
        return pods;
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> resource(
            ObjectKey key) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> operation = operation(
                key);
        return key.namespace() == null || clusterScoped(key.kind())
                ? operation
                : operation.inNamespace(key.namespace());
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> operation(
            ObjectKey key) {
        try {
            return client.genericKubernetesResources(key.apiVersion(), key.kind());
        } catch (KubernetesClientException e) {
            // Discovery did not name the kind (an API server without that API group, or one that answers no
            // discovery): address it by its conventional plural.
            LOG.debugf("No discovery for %s %s, using its plural", key.apiVersion(), key.kind());
            String group = key.group();
            String version = key.apiVersion().contains("/")
                    ? key.apiVersion().substring(key.apiVersion().indexOf('/')
                            + 1)
                    : key.apiVersion();
            return client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                    .withGroup(group)
                    .withVersion(version)
                    .withKind(key.kind())
                    .withPlural(Pluralize.toPlural(key.kind().toLowerCase(Locale.ROOT)))
                    .withNamespaced(!clusterScoped(key.kind()))
                    .build());
        }
    }

    private static StageException translate(KubernetesClientException e, String what) {
        int code = e.getCode();
        FailureReason reason;
        if (code == 0 || code == 429 || code >= 500) {
            reason = FailureReason.UNAVAILABLE;
        } else if (code == HttpURLConnection.HTTP_CONFLICT) {
            reason = FailureReason.CONFLICT;
        } else if (code == HttpURLConnection.HTTP_FORBIDDEN || code == HttpURLConnection.HTTP_UNAUTHORIZED) {
            reason = FailureReason.INVALID_INPUT;
        } else {
            reason = FailureReason.INVALID_INPUT;
        }
        return StageException.of(reason, what + ": " + statusMessage(e), e);
    }

    private static String statusMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }
}
