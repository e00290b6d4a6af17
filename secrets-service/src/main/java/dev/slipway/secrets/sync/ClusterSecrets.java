package dev.slipway.secrets.sync;

import java.util.List;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import dev.slipway.contracts.FailureReason;
import dev.slipway.runtime.StageException;

/** Reads and server-side applies application Secrets. */
public class ClusterSecrets {

    private final KubernetesClient client;

    public ClusterSecrets(KubernetesClient client) {
        this.client = client;
    }

    /** The Secret, or null when there is none. */
    public Secret get(String namespace, String name) throws StageException {
        try {
            return client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw failure("reading Secret " + namespace + "/" + name, e);
        }
    }

    /** Server-side applies {@code secret} as field manager {@value SecretManifest#FIELD_MANAGER}, taking over conflicts. */
    public Secret apply(Secret secret) throws StageException {
        String namespace = secret.getMetadata().getNamespace();
        try {
            return client.secrets().inNamespace(namespace).resource(secret)
                    .fieldManager(SecretManifest.FIELD_MANAGER).forceConflicts().serverSideApply();
        } catch (KubernetesClientException e) {
            throw failure("applying Secret " + namespace + "/" + secret.getMetadata().getName(), e);
        }
    }

    /**
     * Removes keys another writer added: server-side apply keeps fields it does not own, and the Secret must hold
     * exactly the stored keys.
     */
    public void removeKeys(String namespace, String name, List<String> keys) throws StageException {
        if (keys.isEmpty()) {
            return;
        }
        // Secret keys are [-._a-zA-Z0-9]: nothing to escape in a JSON pointer.
        String patch = keys.stream().map(k -> "{\"op\":\"remove\",\"path\":\"/data/" + k + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
        try {
            client.secrets().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON), patch);
        } catch (KubernetesClientException e) {
            throw failure("removing keys from Secret " + namespace + "/" + name, e);
        }
    }

    /**
     * A failure as a value. Only the status code and reason are kept: an API server's message may quote what it was
     * sent.
     */
    static StageException failure(String doing, KubernetesClientException e) {
        int code = e.getCode();
        String reason = e.getStatus() != null && e.getStatus().getReason() != null
                ? e.getStatus().getReason()
                : e.getCause() != null ? e.getCause().getClass().getSimpleName() : "no answer";
        FailureReason kind;
        if (code <= 0 || code == 429 || code >= 500) {
            kind = FailureReason.UNAVAILABLE;
        } else if (code == 409) {
            kind = FailureReason.CONFLICT;
        } else if (code == 400 || code == 422) {
            kind = FailureReason.INVALID_INPUT;
        } else {
            kind = FailureReason.INTERNAL;
        }
        return StageException.of(kind, doing + ": Kubernetes API answered "
                + (code <= 0 ? "nothing" : Integer.toString(code)) + " (" + reason + ")");
    }
}
