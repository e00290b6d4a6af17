package dev.slipway.build.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import dev.slipway.build.checkout.GitCheckout;
import dev.slipway.build.checkout.GitCredentials;
import dev.slipway.build.checkout.SshAccess;
import dev.slipway.build.command.CommandRunner;
import dev.slipway.build.image.ImageAssembler;
import dev.slipway.build.image.RegistryApi;
import dev.slipway.build.image.RegistryCredentials;
import dev.slipway.build.pipeline.BuildPipeline;
import dev.slipway.build.scan.Redactor;
import dev.slipway.build.scan.SecretScanner;
import dev.slipway.contracts.SecretValue;
import dev.slipway.runtime.RetryPolicy;

/** Wires the plain-Java pipeline from configuration. */
@ApplicationScoped
public class PipelineProducer {

    private static final Logger LOG = Logger.getLogger(PipelineProducer.class);

    /** Written into every image's history; fixed so a new Slipway release does not change digests. */
    public static final String TOOL_NAME = "slipway";
    public static final String TOOL_VERSION = "1";

    /** Made at startup, so a configuration that cannot work (an unreadable ssh key) stops the service at once. */
    @Produces
    @ApplicationScoped
    @Startup
    BuildPipeline pipeline(BuildConfig config) {
        Optional<SecretValue> gitPassword = config.git().password().filter(p -> !p.isEmpty()).map(SecretValue::of);
        Optional<SecretValue> registryPassword = config.registry().password().filter(p -> !p.isEmpty())
                .map(SecretValue::of);
        Optional<SecretValue> sshPassphrase = config.git().ssh().passphrase().filter(p -> !p.isEmpty())
                .map(SecretValue::of);
        List<SecretValue> secrets = new ArrayList<>();
        gitPassword.ifPresent(secrets::add);
        registryPassword.ifPresent(secrets::add);
        sshPassphrase.ifPresent(secrets::add);
        Redactor redactor = new Redactor(secrets);

        Optional<RegistryCredentials> registryCredentials = RegistryCredentials.of(config.registry().username(),
                registryPassword);
        String registry = config.registry().address();
        GitCheckout git = new GitCheckout(new GitCheckout.Settings(config.git().allowedSchemes(),
                GitCredentials.of(config.git().username(), gitPassword), config.git().timeout(),
                ssh(config.git().ssh(), sshPassphrase)));
        CommandRunner commands = new CommandRunner(new CommandRunner.Settings(config.commands().path(),
                config.commands().logTailLines(), redactor));
        ImageAssembler images = new ImageAssembler(new ImageAssembler.Settings(registry, registryCredentials,
                config.registry().insecure(), config.cacheDirectory(), TOOL_NAME, TOOL_VERSION));
        RegistryApi api = new RegistryApi(new RegistryApi.Settings(registry, registryCredentials,
                config.registry().insecure(), config.registry().requestTimeout()));
        RetryPolicy retry = new RetryPolicy(config.retry().maxAttempts(), config.retry().initialBackoff(),
                config.retry().maxBackoff());
        BuildPipeline.Settings settings = new BuildPipeline.Settings(registry, config.registry().namespace(),
                config.workDirectory(), retry, config.git().timeout(), config.commands().maxTimeout(),
                config.pushTimeout());
        return new BuildPipeline(settings, git, commands, new SecretScanner(), images, api, redactor,
                Clock.systemUTC());
    }

    /** ssh access when a private key is configured; a key without a known_hosts file stops the service. */
    static Optional<SshAccess> ssh(BuildConfig.Ssh config, Optional<SecretValue> passphrase) {
        if (config.privateKeyFile().isEmpty()) {
            if (config.knownHostsFile().isPresent()) {
                LOG.warn("slipway.build.git.ssh.known-hosts-file is set without a private key file: ssh"
                        + " repositories stay disabled");
            }
            return Optional.empty();
        }
        Path knownHosts = config.knownHostsFile().orElseThrow(() -> new IllegalStateException(
                "slipway.build.git.ssh.private-key-file is set but slipway.build.git.ssh.known-hosts-file is not:"
                        + " host keys are always checked, so ssh needs a known_hosts file"));
        SshAccess ssh;
        try {
            // A fresh, empty home of the service's own: nothing of the process user's ~/.ssh is seen.
            Path home = Files.createTempDirectory("slipway-ssh-home-");
            ssh = SshAccess.load(config.privateKeyFile().get(), passphrase, knownHosts, config.user(), home);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the ssh client's home directory: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ssh repositories are configured but " + e.getMessage());
        }
        LOG.infof("ssh repositories enabled: key %s (%s), host keys checked against %s",
                config.privateKeyFile().get(), String.join(", ", ssh.keyTypes()), knownHosts);
        return Optional.of(ssh);
    }
}
