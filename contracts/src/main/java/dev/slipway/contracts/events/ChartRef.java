package dev.slipway.contracts.events;

/**
 * A packaged Helm chart in an OCI registry. Identity is name and version, not digest (Helm stamps the push time).
 *
 * @param repository the chart repository, {@code oci://registry:5000/charts/hello}
 * @param name the chart name
 * @param version the SemVer version derived from the commit
 * @param digest the digest of the pushed chart
 */
public record ChartRef(String repository, String name, String version, String digest) {
}
