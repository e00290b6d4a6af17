package dev.slipway.deploy.release;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An environment's state as read from its ConfigMap, with the manifests of the live and the active release, and the
 * resource version it was read at (null for a state not yet created).
 */
public final class StoredState {

    public final EnvironmentState state;
    /** The manifests of the live release, which a rollback re-applies. */
    public List<ObjectNode> liveObjects;
    /** The manifests of the active release as last applied. */
    public List<ObjectNode> activeObjects;
    final String resourceVersion;

    StoredState(EnvironmentState state, List<ObjectNode> liveObjects, List<ObjectNode> activeObjects,
            String resourceVersion) {
        this.state = state;
        this.liveObjects = new ArrayList<>(liveObjects);
        this.activeObjects = new ArrayList<>(activeObjects);
        this.resourceVersion = resourceVersion;
    }

    public String resourceVersion() {
        return resourceVersion;
    }
}
