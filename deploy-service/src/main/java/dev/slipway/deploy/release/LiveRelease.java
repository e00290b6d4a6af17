package dev.slipway.deploy.release;

/**
 * The release running in an environment: the last that succeeded, which a failed one rolls back to.
 *
 * @param intent what was released
 * @param revision its revision
 * @param secretsChecksum the secrets checksum in its pod template, or null
 */
public record LiveRelease(ReleaseIntent intent, int revision, String secretsChecksum) {
}
