package dev.ec2service.image.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download loop on its own, against a server on 127.0.0.1 that stalls or refuses ranges. */
class ResumableDownloadTest {

    @TempDir
    Path dir;

    private final byte[] content = new byte[300_000];
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private volatile boolean stallFirst;
    private volatile boolean ignoreRange;
    /** Sends the body chunked, without saying its length. */
    private volatile boolean unannounced;

    @BeforeEach
    void start() throws IOException {
        new Random(7).nextBytes(content);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/file", exchange -> {
            if (exchange.getRequestMethod().equals("HEAD")) {
                if (!unannounced) {
                    exchange.getResponseHeaders().add("Content-Length", Integer.toString(content.length));
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(String.valueOf(range));
            int from = range == null || ignoreRange ? 0 : Integer.parseInt(range.replaceAll("\\D", ""));
            if (from > 0) {
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            }
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, unannounced ? 0 : content.length - from);
            OutputStream out = exchange.getResponseBody();
            if (stallFirst && ranges.size() == 1) {
                out.write(content, 0, 1000);
                out.flush();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("the test is over for this connection");
            }
            out.write(content, from, content.length - from);
            out.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private ResumableDownload download(int attempts) {
        return download(attempts, DownloadLimits.none());
    }

    private ResumableDownload download(int attempts, DownloadLimits limits) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new ResumableDownload(http, new ResumableDownload.Settings(Duration.ofMillis(400), attempts,
                Duration.ofMillis(10), limits));
    }

    private static DownloadLimits limits(long maxBytes, long headroom, long free) {
        return new DownloadLimits(maxBytes, "the cap", headroom, "the headroom", () -> free);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/file");
    }

    private static final class Progress implements DownloadProgress {
        long done;
        Long total;

        @Override
        public void bytesDone(long bytes) {
            done = bytes;
        }

        @Override
        public void add(long bytes) {
            done += bytes;
        }

        @Override
        public void bytesTotal(Long bytes) {
            total = bytes;
        }

        @Override
        public Long bytesTotal() {
            return total;
        }
    }

    @Test
    @DisplayName("A stalled transfer is dropped and the next attempt resumes where it stopped")
    void stallIsDetectedAndResumed() throws Exception {
        stallFirst = true;
        Path part = dir.resolve(".file.part");
        Progress progress = new Progress();

        download(2).fetch(url(), part, progress, () -> { });

        assertThat(ranges).containsExactly("null", "bytes=1000-");
        assertThat(part).hasBinaryContent(content);
        assertThat(progress.done).isEqualTo(content.length);
        assertThat(progress.total).isEqualTo(content.length);
    }

    @Test
    @DisplayName("A stall on the last attempt is a retryable failure that keeps the bytes received")
    void stallOnLastAttemptKeepsPartialFile() {
        stallFirst = true;
        Path part = dir.resolve(".file.part");

        assertThatThrownBy(() -> download(1).fetch(url(), part, new Progress(), () -> { }))
                .isInstanceOf(DownloadException.class).hasMessageContaining("no data from");
        assertThat(part).hasSize(1000);
    }

    @Test
    @DisplayName("A server that ignores Range (200) restarts the file from byte 0 instead of appending")
    void serverIgnoringRangeRestarts() throws Exception {
        ignoreRange = true;
        Path part = Files.write(dir.resolve(".file.part"), new byte[5000]);

        download(1).fetch(url(), part, new Progress(), () -> { });

        assertThat(ranges).containsExactly("bytes=5000-");
        assertThat(part).hasBinaryContent(content);
    }

    @Test
    @DisplayName("A file the server announces as larger than the cap is refused before a byte is written")
    void announcedOverCapIsRefused() {
        Path part = dir.resolve(".file.part");

        assertThatThrownBy(() -> download(3, limits(100_000, 0, Long.MAX_VALUE)).fetch(url(), part, new Progress(),
                () -> { }))
                .isInstanceOfSatisfying(DownloadRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DownloadRefusedException.Reason.TOO_LARGE))
                .hasMessageContaining("300000 bytes").hasMessageContaining("100000 bytes").hasMessageContaining("the cap");
        assertThat(part).doesNotExist();
        assertThat(ranges).as("not retried").hasSize(1);
    }

    @Test
    @DisplayName("A body that runs past the cap without announcing its size is cut off and its partial file deleted")
    void unannouncedOverCapIsCutOff() {
        unannounced = true;
        Path part = dir.resolve(".file.part");

        assertThatThrownBy(() -> download(3, limits(100_000, 0, Long.MAX_VALUE)).fetch(url(), part, new Progress(),
                () -> { }))
                .isInstanceOfSatisfying(DownloadRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DownloadRefusedException.Reason.TOO_LARGE))
                .hasMessageContaining("sent more than 100000 bytes").hasMessageContaining("partial file was deleted");
        assertThat(part).doesNotExist();
        assertThat(ranges).as("not retried").hasSize(1);
    }

    @Test
    @DisplayName("A file under the cap arrives whole, announced or not")
    void underCapArrives() throws Exception {
        Path part = dir.resolve(".file.part");
        download(1, limits(content.length, 0, Long.MAX_VALUE)).fetch(url(), part, new Progress(), () -> { });
        assertThat(part).hasBinaryContent(content);

        unannounced = true;
        Files.delete(part);
        download(1, limits(content.length, 0, Long.MAX_VALUE)).fetch(url(), part, new Progress(), () -> { });
        assertThat(part).hasBinaryContent(content);
    }

    @Test
    @DisplayName("A file whose missing bytes would eat into the disk headroom is refused before a byte is written")
    void headroomIsKept() throws Exception {
        Path part = Files.write(dir.resolve(".file.part"), java.util.Arrays.copyOf(content, 100_000));

        // 200,000 bytes still to come, 250,000 free, 100,000 must stay free
        assertThatThrownBy(() -> download(3, limits(Long.MAX_VALUE, 100_000, 250_000)).fetch(url(), part,
                new Progress(), () -> { }))
                .isInstanceOfSatisfying(DownloadRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DownloadRefusedException.Reason.NO_SPACE))
                .hasMessageContaining("the headroom");
        assertThat(part).as("the bytes already received stay for a later pull").hasSize(100_000);

        // with 300,000 free it fits: 200,000 to come and 100,000 left over
        download(1, limits(Long.MAX_VALUE, 100_000, 300_000)).fetch(url(), part, new Progress(), () -> { });
        assertThat(part).hasBinaryContent(content);
        assertThat(ranges).containsExactly("bytes=100000-", "bytes=100000-");
    }

    @Test
    @DisplayName("The size a server announces is read with HEAD; a server that does not say gives none")
    void announcedSize() throws Exception {
        assertThat(download(1).announcedSize(url(), Duration.ofSeconds(5))).contains((long) content.length);
        unannounced = true;
        assertThat(download(1).announcedSize(url(), Duration.ofSeconds(5))).isEmpty();
        assertThat(download(1).announcedSize(URI.create("http://127.0.0.1:1/none"), Duration.ofSeconds(5))).isEmpty();
    }
}
