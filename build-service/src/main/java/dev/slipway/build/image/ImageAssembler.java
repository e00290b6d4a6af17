package dev.slipway.build.image;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.jboss.logging.Logger;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.spec.BuildSpec;
import dev.slipway.runtime.StageException;

/**
 * Builds a commit's image with jib-core, without a container engine, and pushes it. Reproducible: fixed file times
 * and modes, the commit time as creation time, a fixed tool name and version, sorted labels and environment.
 */
public final class ImageAssembler {

    private static final Logger LOG = Logger.getLogger(ImageAssembler.class);

    /**
     * @param registry the host (and port) of Slipway's registry
     * @param credentials the login for that registry (also used for base images in it)
     * @param insecure whether registries may be spoken to over plain HTTP
     * @param cacheDirectory where Jib keeps base and application layers between builds
     * @param toolName written into the image history; fixed, so it does not change digests
     * @param toolVersion likewise
     */
    public record Settings(String registry, Optional<RegistryCredentials> credentials, boolean insecure,
            Path cacheDirectory, String toolName, String toolVersion) {
    }

    private final Settings settings;

    public ImageAssembler(Settings settings) {
        this.settings = settings;
    }

    /**
     * Builds and pushes the image under all of the request's tags.
     *
     * @return the pushed manifest's digest
     */
    public String push(ImageRequest request) throws StageException {
        List<FileEntriesLayer> layers = LayerPlanner.plan(request.build(), request.checkout());
        JibContainerBuilder builder = request.base().isPresent()
                ? Jib.from(registryImage(request.base().get()))
                : Jib.fromScratch();
        BuildSpec build = request.build();
        builder.setFileEntriesLayers(layers)
                .setFormat(ImageFormat.OCI)
                .setCreationTime(request.created())
                .setLabels(new TreeMap<>(request.labels()))
                .setEnvironment(new TreeMap<>(build.env()))
                .setUser(build.user())
                .addExposedPort(Port.tcp(build.port()));
        if (!build.entrypoint().isEmpty()) {
            builder.setEntrypoint(build.entrypoint());
        }

        ImageTarget target = request.target();
        Containerizer containerizer = Containerizer
                .to(withCredentials(RegistryImage.named(ImageReference.of(target.registry(), target.repository(),
                        target.identityTag())), target.registry()))
                .setAllowInsecureRegistries(settings.insecure())
                .setToolName(settings.toolName())
                .setToolVersion(settings.toolVersion())
                .setBaseImageLayersCache(settings.cacheDirectory().resolve("base"))
                .setApplicationLayersCache(settings.cacheDirectory().resolve("application"))
                .addEventHandler(LogEvent.class, ImageAssembler::log);
        for (String tag : target.tags().subList(1, target.tags().size())) {
            containerizer.withAdditionalTag(tag);
        }
        try {
            JibContainer container = builder.containerize(containerizer);
            return container.getDigest().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StageException.of(FailureReason.TIMEOUT, "interrupted while pushing " + target.name(), e);
        } catch (ExecutionException e) {
            throw classify(target, e.getCause() == null ? e : e.getCause());
        } catch (RegistryException | IOException | CacheDirectoryCreationException e) {
            throw classify(target, e);
        }
    }

    private RegistryImage registryImage(BaseImage base) {
        return withCredentials(RegistryImage.named(ImageReference.of(base.registry(), base.repository(), null,
                base.digest())), base.registry());
    }

    /** Slipway's login goes to its own registry only, never to the registry a spec's base image names. */
    private RegistryImage withCredentials(RegistryImage image, String registry) {
        if (settings.credentials().isPresent() && registry.equals(settings.registry())) {
            RegistryCredentials credentials = settings.credentials().get();
            image.addCredential(credentials.username(), credentials.password().reveal());
        }
        return image;
    }

    /** What a Jib failure means for the stage: an outage is worth retrying, a refusal or a defect is not. */
    static StageException classify(ImageTarget target, Throwable failure) {
        String registry = target.registry();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StageException stage) {
                return stage;
            }
            if (t instanceof InsecureRegistryException) {
                return StageException.of(FailureReason.INTERNAL, "registry " + registry + " does not speak HTTPS;"
                        + " set slipway.build.registry.insecure=true to allow plain HTTP", failure);
            }
            if (t instanceof RegistryUnauthorizedException) {
                return StageException.of(FailureReason.UNAVAILABLE, "registry " + registry
                        + " refused the push: not authorised for " + target.repository(), failure);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SocketTimeoutException) {
                return StageException.of(FailureReason.UNAVAILABLE, "registry " + registry + " cannot be reached: "
                        + t.getClass().getSimpleName(), failure);
            }
        }
        if (failure instanceof IOException) {
            return StageException.of(FailureReason.UNAVAILABLE, "pushing to " + registry + " failed: "
                    + failure.getMessage(), failure);
        }
        if (failure instanceof RegistryException) {
            return StageException.of(FailureReason.UNAVAILABLE, "registry " + registry + " refused the push: "
                    + failure.getMessage(), failure);
        }
        return StageException.of(FailureReason.INTERNAL, "cannot build the image: " + failure, failure);
    }

    private static void log(LogEvent event) {
        switch (event.getLevel()) {
            case ERROR -> LOG.warnf("Jib: %s", event.getMessage());
            // Jib warns each time it falls back to plain HTTP, which an insecure registry expects.
            case WARN, LIFECYCLE -> LOG.infof("Jib: %s", event.getMessage());
            case INFO -> LOG.debugf("Jib: %s", event.getMessage());
            default -> LOG.tracef("Jib: %s", event.getMessage());
        }
    }
}
