package dev.slipway.build.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.slipway.build.checkout.GitCheckout;
import dev.slipway.build.checkout.GitCredentials;
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

    /** Written into every image's history; fixed so a new Slipway release does not change digests. */
    public static final String TOOL_NAME = "slipway";
    public static final String TOOL_VERSION = "1";

    @Produces
    @ApplicationScoped
    BuildPipeline pipeline(BuildConfig config) {
        Optional<SecretValue> gitPassword = config.git().password().filter(p -> !p.isEmpty()).map(SecretValue::of);
        Optional<SecretValue> registryPassword = config.registry().password().filter(p -> !p.isEmpty())
                .map(SecretValue::of);
        List<SecretValue> secrets = new ArrayList<>();
        gitPassword.ifPresent(secrets::add);
        registryPassword.ifPresent(secrets::add);
        Redactor redactor = new Redactor(secrets);

        Optional<RegistryCredentials> registryCredentials = RegistryCredentials.of(config.registry().username(),
                registryPassword);
        String registry = config.registry().address();
        GitCheckout git = new GitCheckout(new GitCheckout.Settings(config.git().allowedSchemes(),
                GitCredentials.of(config.git().username(), gitPassword), config.git().timeout()));
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
}
