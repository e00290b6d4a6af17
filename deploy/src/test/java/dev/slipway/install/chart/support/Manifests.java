package dev.slipway.install.chart.support;

import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Slipway's rendered chart, with finders by the services' keys in values. */
public class Manifests extends dev.slipway.testkit.kubernetes.Manifests {

    private Manifests(String yaml) {
        super(yaml);
    }

    public static Manifests parse(String yaml) {
        return new Manifests(yaml);
    }

    /** The Deployment of a service, by its key in values ({@code gateway}, {@code build}, ...). */
    public Deployment deployment(String key) {
        return get(Deployment.class, SlipwayChart.objectName(key));
    }

    /** The one container of a service's Deployment. */
    public Container container(String key) {
        List<Container> containers = deployment(key).getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(key + " has " + containers.size() + " containers");
        }
        return containers.get(0);
    }
}
