package dev.slipway.deploy.render;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.contracts.events.ChartRef;
import dev.slipway.runtime.StageException;

/** Turns a published chart and an environment's values into the manifests to apply. */
public interface ChartRenderer {

    /**
     * @param chart the chart in its registry
     * @param release the release name
     * @param namespace the environment's namespace
     * @param values the values, as a YAML tree
     * @return the rendered objects
     * @throws StageException INVALID_INPUT when the chart cannot be rendered with these values, UNAVAILABLE when the
     *         registry does not answer
     */
    List<ObjectNode> render(ChartRef chart, String release, String namespace, Map<String, Object> values)
            throws StageException;
}
