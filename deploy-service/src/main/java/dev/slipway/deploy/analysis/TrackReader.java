package dev.slipway.deploy.analysis;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a track's Deployment and pods from the cluster, as JSON, for {@link KubernetesHealth}. */
public interface TrackReader {

    /** The track's Deployment, or null. */
    JsonNode deployment(String namespace, String app, String track);

    List<JsonNode> pods(String namespace, String app, String track);
}
