package dev.ec2service.image.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings of the image feature: where catalogue images come from and how downloads behave.
 * Environment variables follow the usual mapping, e.g. {@code EC2_IMAGES_BASE_URL}.
 */
@ConfigMapping(prefix = "ec2.images")
public interface ImagesConfig {

    /**
     * Base URL of Ubuntu's cloud image releases. A catalogue image is fetched from
     * {@code <base>/<version>/release/<file>} and checked against {@code <base>/<version>/release/SHA256SUMS};
     * point it at a mirror, or at a local server in tests.
     */
    @WithDefault("https://cloud-images.ubuntu.com/releases")
    String baseUrl();

    /**
     * Accept imported images whose declared architecture differs from the host's. Such guests can
     * only run under emulation (TCG), which is many times slower, so it is off unless asked for.
     */
    @WithDefault("false")
    boolean allowForeignArch();

    Download download();

    interface Download {
        /** Time allowed to open a connection to the image server. */
        @WithDefault("30s")
        Duration connectTimeout();

        /** A download that receives no byte for this long is dropped and resumed by the next attempt. */
        @WithDefault("60s")
        Duration stallTimeout();

        /** Attempts per pull; each one after the first resumes from the bytes already received. */
        @WithDefault("5")
        int attempts();

        /** Pause between two attempts, so a flapping network gets a moment to settle. */
        @WithDefault("5s")
        Duration retryDelay();

        /** How often the progress of a running download is written to the database. */
        @WithDefault("2s")
        Duration progressSaveInterval();

        /**
         * Largest file a pull downloads (20 GiB; Ubuntu's cloud images are well under 1 GiB). A server that
         * announces more is refused before the first byte, one that sends more than this is cut off and its
         * partial file deleted. Suffixes K, M, G, T (binary).
         */
        @WithDefault("20G")
        MemorySize maxSize();
    }
}
