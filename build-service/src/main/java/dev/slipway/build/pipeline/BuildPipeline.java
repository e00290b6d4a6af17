package dev.slipway.build.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;

import dev.slipway.build.checkout.CheckedOutCommit;
import dev.slipway.build.checkout.GitCheckout;
import dev.slipway.build.checkout.RepositoryUrls;
import dev.slipway.build.command.CommandResult;
import dev.slipway.build.command.CommandRunner;
import dev.slipway.build.image.BaseImage;
import dev.slipway.build.image.ImageAssembler;
import dev.slipway.build.image.ImageLabels;
import dev.slipway.build.image.ImageRequest;
import dev.slipway.build.image.ImageTags;
import dev.slipway.build.image.ImageTarget;
import dev.slipway.build.image.Manifest;
import dev.slipway.build.image.RegistryApi;
import dev.slipway.build.scan.Redactor;
import dev.slipway.build.scan.SecretScanner;
import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.CommitRef;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.ImageRef;
import dev.slipway.contracts.spec.BuildSpec;
import dev.slipway.contracts.spec.InvalidSpecException;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.contracts.spec.SpecError;
import dev.slipway.contracts.spec.SpecParser;
import dev.slipway.runtime.Retry;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.runtime.StageException;
import dev.slipway.runtime.Timeouts;

/**
 * {@code commit-pushed} to {@code image-built}, without Kafka: look the commit's image up in the registry (a repeat
 * answers from there), else fetch the commit, read and check its {@code slipway.yaml}, optionally scan it for
 * committed secrets, run its build and test commands, and build and push the image. Every failure is a
 * {@link StageException} whose message and log tail are redacted.
 */
public final class BuildPipeline {

    private static final Logger LOG = Logger.getLogger(BuildPipeline.class);
    private static final Pattern APP = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /**
     * @param registry the registry host and port images are pushed to
     * @param namespace the repository path under which each application gets its repository
     * @param workDirectory where per-build directories are made
     * @param retry how transient failures (git, registry) are retried
     * @param gitTimeout the time limit of fetching the commit
     * @param maxCommandTimeout a ceiling on the spec's per-command time limit
     * @param pushTimeout the time limit of building and pushing the image
     */
    public record Settings(String registry, String namespace, Path workDirectory, RetryPolicy retry,
            Duration gitTimeout, Duration maxCommandTimeout, Duration pushTimeout) {
    }

    private final Settings settings;
    private final GitCheckout git;
    private final CommandRunner commands;
    private final SecretScanner scanner;
    private final ImageAssembler images;
    private final RegistryApi registry;
    private final Redactor redactor;
    private final Clock clock;

    public BuildPipeline(Settings settings, GitCheckout git, CommandRunner commands, SecretScanner scanner,
            ImageAssembler images, RegistryApi registry, Redactor redactor, Clock clock) {
        this.settings = settings;
        this.git = git;
        this.commands = commands;
        this.scanner = scanner;
        this.images = images;
        this.registry = registry;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** Where the image of {@code commit} of {@code app} goes. */
    public ImageTarget target(String app, CommitRef commit) {
        String repository = settings.namespace().isBlank() ? app : settings.namespace() + "/" + app;
        return new ImageTarget(settings.registry(), repository, ImageTags.of(commit));
    }

    /**
     * Builds the image of the pushed commit, or finds it already built.
     *
     * @throws StageException the failure, redacted, for {@code stage-failed}
     */
    public ImageBuilt build(CommitPushed event) throws StageException {
        Instant started = clock.instant();
        try {
            validate(event);
            ImageTarget target = target(event.app(), event.commit());
            Optional<ImageBuilt> existing = Retry.call(settings.retry(), () -> existing(event, target, started));
            if (existing.isPresent()) {
                LOG.infof("Image of %s %s is already in %s; not rebuilding", event.app(), event.commit().sha(),
                        target.name());
                return existing.get();
            }
            return buildFresh(event, target, started);
        } catch (StageException e) {
            throw new StageException(e.reason(), redactor.redact(e.getMessage()), redactor.redact(e.logTail()),
                    e.attempts(), e.getCause());
        }
    }

    private static void validate(CommitPushed event) throws StageException {
        if (event.app() == null || !APP.matcher(event.app()).matches()) {
            throw StageException.of(FailureReason.INVALID_INPUT, "not an application name: '" + event.app() + "'");
        }
        if (event.commit() == null || event.commit().sha() == null) {
            throw StageException.of(FailureReason.INVALID_INPUT, "the event names no commit");
        }
    }

    private ImageBuilt buildFresh(CommitPushed event, ImageTarget target, Instant started) throws StageException {
        CommitRef commit = event.commit();
        try (Workspace workspace = workspace(commit)) {
            CheckedOutCommit checkout = Retry.call(settings.retry(), () -> Timeouts.run(settings.gitTimeout(),
                    () -> {
                        Workspace.delete(workspace.source());
                        return git.checkout(commit.cloneUrl(), commit.branch(), commit.sha(), workspace.source());
                    }));
            PipelineSpec spec = parse(checkout, event.app());
            BuildSpec build = spec.build();
            if (build.scanSecrets()) {
                scan(workspace.source());
            }
            runCommands(build, checkout, workspace);

            Optional<BaseImage> base = Retry.call(settings.retry(), () -> base(build.baseImage()));
            Map<String, String> labels = ImageLabels.of(event.app(), commit.sha(),
                    RepositoryUrls.withoutCredentials(commit.cloneUrl()), checkout.commitTime(), spec, base);
            ImageRequest request = new ImageRequest(target, build, workspace.source(), checkout.commitTime(),
                    labels, base);
            String digest = Retry.call(settings.retry(), () -> Timeouts.run(settings.pushTimeout(),
                    () -> images.push(request)));
            Manifest manifest = Retry.call(settings.retry(),
                    () -> registry.manifest(target.registry(), target.repository(), digest)).orElseThrow(
                            () -> StageException.of(FailureReason.UNAVAILABLE, "the pushed image " + digest
                                    + " is not in " + target.name()));
            LOG.infof("Built %s@%s from %s %s", target.name(), digest, event.app(), commit.sha());
            return imageBuilt(event, target, manifest, base.map(BaseImage::digest).orElse(null), spec, started);
        }
    }

    private Workspace workspace(CommitRef commit) throws StageException {
        try {
            return Workspace.create(settings.workDirectory(), commit.shortSha());
        } catch (IOException e) {
            throw StageException.of(FailureReason.INTERNAL, "cannot create a build directory in "
                    + settings.workDirectory() + ": " + e.getMessage(), e);
        }
    }

    static PipelineSpec parse(CheckedOutCommit checkout, String app) throws StageException {
        String text = checkout.spec().orElseThrow(() -> StageException.of(FailureReason.INVALID_INPUT,
                SpecParser.FILE_NAME + " is missing at commit " + checkout.sha()
                        + ": the repository needs one at its root"));
        PipelineSpec spec;
        try {
            spec = SpecParser.parse(text);
        } catch (InvalidSpecException e) {
            List<String> lines = e.errors().stream().map(SpecError::toString).toList();
            throw StageException.of(FailureReason.INVALID_INPUT, SpecParser.FILE_NAME + " at commit "
                    + checkout.sha() + " is not valid:\n" + String.join("\n", lines)).withLogTail(lines);
        }
        if (!spec.app().equals(app)) {
            throw StageException.of(FailureReason.INVALID_INPUT, SpecParser.FILE_NAME + " names the application '"
                    + spec.app() + "' but the repository is registered as '" + app + "'");
        }
        return spec;
    }

    private void scan(Path source) throws StageException {
        List<SecretScanner.Finding> findings;
        try {
            findings = scanner.scan(source);
        } catch (IOException e) {
            throw StageException.of(FailureReason.INTERNAL, "cannot scan the checkout: " + e.getMessage(), e);
        }
        if (!findings.isEmpty()) {
            List<String> lines = findings.stream().map(SecretScanner.Finding::toString).toList();
            throw StageException.of(FailureReason.INVALID_INPUT, findings.size()
                    + " committed secret(s) found; remove them from the repository and rotate them")
                    .withLogTail(lines.subList(Math.max(0, lines.size() - 50), lines.size()));
        }
    }

    private void runCommands(BuildSpec build, CheckedOutCommit checkout, Workspace workspace)
            throws StageException {
        List<String> all = new ArrayList<>(build.commands());
        all.addAll(build.testCommands());
        Duration limit = Duration.ofSeconds(build.commandTimeoutSeconds());
        if (limit.compareTo(settings.maxCommandTimeout()) > 0) {
            limit = settings.maxCommandTimeout();
        }
        Map<String, String> env = Map.of("SOURCE_DATE_EPOCH", Long.toString(checkout.commitTime().getEpochSecond()));
        for (int i = 0; i < all.size(); i++) {
            String kind = i < build.commands().size() ? "build" : "test";
            String command = all.get(i);
            String which = kind + " command " + (i < build.commands().size() ? i + 1 : i + 1 - build.commands().size())
                    + " (" + command + ")";
            CommandResult result;
            try {
                result = commands.run(command, workspace.source(), workspace.home(), limit, env);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StageException.of(FailureReason.TIMEOUT, "interrupted while running " + which, e);
            }
            if (result.timedOut()) {
                throw StageException.of(FailureReason.TIMEOUT, which + " did not finish within "
                        + limit.toSeconds() + "s and was stopped").withLogTail(result.tail());
            }
            if (result.exitCode() != 0) {
                throw StageException.of(FailureReason.INVALID_INPUT, which + " failed with exit code "
                        + result.exitCode()).withLogTail(result.tail());
            }
            LOG.debugf("%s finished in %d ms", which, result.took().toMillis());
        }
    }

    /** The base image pinned to its current digest, or empty for {@code scratch}. */
    private Optional<BaseImage> base(String name) throws IOException, StageException {
        if (name == null || name.equals(BuildSpec.SCRATCH)) {
            return Optional.empty();
        }
        ImageReference reference;
        try {
            reference = ImageReference.parse(name);
        } catch (InvalidImageReferenceException e) {
            throw StageException.of(FailureReason.INVALID_INPUT, "build.baseImage '" + name
                    + "' is not an image reference");
        }
        if (reference.getDigest().isPresent()) {
            return Optional.of(new BaseImage(name, reference.getRegistry(), reference.getRepository(),
                    reference.getDigest().get()));
        }
        String tag = reference.getTag().orElse("latest");
        String digest = registry.digest(reference.getRegistry(), reference.getRepository(), tag)
                .orElseThrow(() -> StageException.of(FailureReason.INVALID_INPUT, "base image " + name
                        + " is not in its registry"));
        return Optional.of(new BaseImage(name, reference.getRegistry(), reference.getRepository(), digest));
    }

    /** The image of the commit if it is in the registry already, with all of its tags. */
    private Optional<ImageBuilt> existing(CommitPushed event, ImageTarget target, Instant started)
            throws IOException, StageException {
        Optional<Manifest> found = registry.manifest(target.registry(), target.repository(), target.identityTag());
        if (found.isEmpty() || found.get().isIndex()) {
            return Optional.empty();
        }
        Manifest manifest = found.get();
        Map<String, String> labels = ImageLabels.read(registry.config(target.registry(), target.repository(),
                manifest));
        Optional<PipelineSpec> spec = ImageLabels.spec(labels);
        if (spec.isEmpty() || !event.commit().sha().equals(labels.get(ImageLabels.REVISION))) {
            // Not an image Slipway built from this commit: build it properly.
            return Optional.empty();
        }
        for (String tag : target.tags().subList(1, target.tags().size())) {
            Optional<String> current = registry.digest(target.registry(), target.repository(), tag);
            if (!current.equals(Optional.of(manifest.digest()))) {
                registry.tag(target.registry(), target.repository(), tag, manifest);
            }
        }
        return Optional.of(imageBuilt(event, target, manifest, labels.get(ImageLabels.BASE_DIGEST), spec.get(),
                started));
    }

    private ImageBuilt imageBuilt(CommitPushed event, ImageTarget target, Manifest manifest, String baseDigest,
            PipelineSpec spec, Instant started) {
        long took = Duration.between(started, clock.instant()).toMillis();
        return new ImageBuilt(event.app(), event.commit(), new ImageRef(target.name(), manifest.digest(),
                target.tags()), baseDigest, manifest.layersSize(), manifest.layerDigests().size(), took, spec);
    }
}
