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

    @BeforeEach
    void start() throws IOException {
        new Random(7).nextBytes(content);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/file", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(String.valueOf(range));
            int from = range == null || ignoreRange ? 0 : Integer.parseInt(range.replaceAll("\\D", ""));
            if (from > 0) {
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            }
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, content.length - from);
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
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new ResumableDownload(http, new ResumableDownload.Settings(Duration.ofMillis(400), attempts,
                Duration.ofMillis(10)));
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
}
