package dev.slipway.install.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import dev.slipway.install.chart.support.Manifests;
import dev.slipway.install.chart.support.SlipwayChart;

/** Each service may receive only from scrapers (the gateway also from the ingress controller) and send only to what it uses. */
class NetworkPolicyTest {

    private final Manifests defaults = SlipwayChart.render(Map.of());
    private final Manifests production = SlipwayChart.render(SlipwayChart.values("production"));

    @Test
    void everyServiceIsIsolatedInBothDirections() {
        for (Manifests manifests : List.of(defaults, production)) {
            for (String key : SlipwayChart.SERVICES) {
                NetworkPolicy policy = policy(manifests, key);
                assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                        .isEqualTo(manifests.deployment(key).getSpec().getSelector().getMatchLabels());
            }
        }
    }

    @Test
    void noIngressRuleAdmitsEveryone() {
        for (Manifests manifests : List.of(defaults, production,
                SlipwayChart.render(Map.of("networkPolicy", Map.of("metricsFrom", List.of(),
                        "ingressControllerFrom", List.of()))))) {
            for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
                assertThat(ingress(policy)).allSatisfy(rule -> assertThat(rule.getFrom())
                        .as(policy.getMetadata().getName()).isNotEmpty());
            }
        }
    }

    @Test
    void withoutScrapersOrIngressControllerNothingMayConnect() {
        Manifests closed = SlipwayChart.render(Map.of("networkPolicy", Map.of("metricsFrom", List.of(),
                "ingressControllerFrom", List.of())));

        for (NetworkPolicy policy : closed.all(NetworkPolicy.class)) {
            assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
            assertThat(ingress(policy)).as(policy.getMetadata().getName()).isEmpty();
        }
    }

    @Test
    void onlyTheGatewayAdmitsTheIngressController() {
        for (String key : SlipwayChart.SERVICES) {
            List<NetworkPolicyPeer> sources = policy(defaults, key).getSpec().getIngress().stream()
                    .flatMap(rule -> rule.getFrom().stream()).toList();
            Set<String> namespaces = sources.stream()
                    .map(p -> p.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
                    .collect(Collectors.toSet());
            if ("gateway".equals(key)) {
                assertThat(namespaces).containsExactlyInAnyOrder("monitoring", "ingress-nginx");
            } else {
                assertThat(namespaces).as(key).containsExactly("monitoring");
            }
            assertThat(policy(defaults, key).getSpec().getIngress()).flatExtracting(NetworkPolicyIngressRule::getPorts)
                    .extracting(p -> p.getPort().getStrVal()).containsOnly("http");
        }
    }

    @Test
    void egressFollowsWhatEachServiceTalksTo() {
        // Kafka 9092/9093 for all; PostgreSQL 5432 for gateway, secrets, backup; the registry's 5000 for build,
        // chart, deploy; the API server's 6443 for deploy, secrets, backup; Prometheus 9090 for deploy.
        assertThat(tcpPorts(defaults, "gateway")).containsExactlyInAnyOrder(53, 9092, 9093, 5432, 443);
        assertThat(tcpPorts(defaults, "build")).containsExactlyInAnyOrder(53, 9092, 9093, 443, 5000);
        assertThat(tcpPorts(defaults, "chart")).containsExactlyInAnyOrder(53, 9092, 9093, 443, 5000);
        assertThat(tcpPorts(defaults, "deploy")).containsExactlyInAnyOrder(53, 9092, 9093, 443, 5000, 6443, 9090);
        assertThat(tcpPorts(defaults, "secrets")).containsExactlyInAnyOrder(53, 9092, 9093, 5432, 443, 6443);
        assertThat(tcpPorts(defaults, "backup")).containsExactlyInAnyOrder(53, 9092, 9093, 5432, 443, 6443);
        for (String key : SlipwayChart.SERVICES) {
            assertThat(policy(defaults, key).getSpec().getEgress())
                    .as(key + ": every egress rule names its ports")
                    .allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty());
        }
    }

    @Test
    void configuredPeersNarrowTheDestinations() {
        NetworkPolicy secrets = policy(production, "secrets");

        assertThat(rulesWithPort(secrets, 9093)).singleElement().satisfies(rule -> assertThat(rule.getTo())
                .singleElement().satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "kafka")));
        assertThat(rulesWithPort(secrets, 5432)).singleElement().satisfies(rule -> assertThat(rule.getTo())
                .singleElement().satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.20.0.0/24")));
        assertThat(tcpPorts(production, "gateway")).doesNotContain(9092);
    }

    @Test
    void deployServiceReachesTheManagedNamespacesForCanaryChecks() {
        NetworkPolicy deploy = policy(production, "deploy");

        assertThat(deploy.getSpec().getEgress())
                .filteredOn(rule -> rule.getPorts() == null || rule.getPorts().isEmpty())
                .singleElement().satisfies(rule -> assertThat(rule.getTo()).singleElement()
                        .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchExpressions())
                                .singleElement().satisfies(expression -> {
                                    assertThat(expression.getOperator()).isEqualTo("In");
                                    assertThat(expression.getValues()).containsExactly("shop-staging",
                                            "shop-production");
                                })));
        assertThat(policy(production, "gateway").getSpec().getEgress())
                .allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty());
    }

    @Test
    void policiesCanBeLeftOut() {
        assertThat(SlipwayChart.render(Map.of("networkPolicy", Map.of("enabled", false))).all(NetworkPolicy.class))
                .isEmpty();
    }

    /** The ingress rules; none (a null list) denies every connection to the selected pods. */
    private static List<NetworkPolicyIngressRule> ingress(NetworkPolicy policy) {
        return policy.getSpec().getIngress() == null ? List.of() : policy.getSpec().getIngress();
    }

    private static NetworkPolicy policy(Manifests manifests, String key) {
        return manifests.get(NetworkPolicy.class, SlipwayChart.objectName(key));
    }

    private static Set<Integer> tcpPorts(Manifests manifests, String key) {
        return policy(manifests, key).getSpec().getEgress().stream()
                .flatMap(rule -> rule.getPorts() == null ? java.util.stream.Stream.empty() : rule.getPorts().stream())
                .filter(p -> "TCP".equals(p.getProtocol())).map(NetworkPolicyPort::getPort)
                .map(p -> p.getIntVal()).collect(Collectors.toSet());
    }

    private static List<NetworkPolicyEgressRule> rulesWithPort(NetworkPolicy policy, int port) {
        return policy.getSpec().getEgress().stream().filter(rule -> rule.getPorts() != null
                && rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port)).toList();
    }
}
