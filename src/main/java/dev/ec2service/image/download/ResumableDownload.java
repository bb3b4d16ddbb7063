package dev.ec2service.image.download;

import dev.ec2service.platform.retry.Retry;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Downloads a file into a partial file that survives failures: each attempt asks only for the
 * bytes still missing ({@code Range: bytes=<have>-}) and appends them, so a dropped connection, a
 * stall or a restart of the service costs no more than the bytes in flight. Blocking: call it
 * from a background thread.
 */
public final class ResumableDownload {

    /** How often the waiting thread looks for a stall and lets the caller save progress. */
    private static final long POLL_MILLIS = 250;

    /** The settings one download runs with. */
    public record Settings(Duration stallTimeout, int attempts, Duration retryDelay, DownloadLimits limits) {
    }

    private final HttpClient http;
    private final Settings settings;

    public ResumableDownload(HttpClient http, Settings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** A small text resource such as a checksum list, with the same attempts as a download. */
    public String text(URI url) throws DownloadException, InterruptedException {
        return withAttempts(url, () -> {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.stallTimeout()).GET().build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw statusFailure(url, response.statusCode());
                }
                return response.body();
            } catch (IOException e) {
                throw new DownloadException("cannot fetch " + url + ": " + describe(e), true, e);
            }
        });
    }

    /**
     * The size the server announces for {@code url} (a HEAD request), so a pull that cannot fit is refused
     * before it starts; empty when the server does not say or cannot be asked now (the download itself checks
     * again when its response arrives).
     */
    public Optional<Long> announcedSize(URI url, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst();
        } catch (IOException e) {
            Log.debugf("no size for %s before the download: %s", url, describe(e));
            return Optional.empty();
        }
    }

    /** Refuses what the limits do not allow for {@code part}: over the cap, or not fitting beside the headroom. */
    public void checkLimits(URI url, long totalBytes, Path part) throws DownloadException {
        try {
            settings.limits().check(url, totalBytes, sizeOf(part));
        } catch (DownloadRefusedException e) {
            if (e.reason() == DownloadRefusedException.Reason.TOO_LARGE) {
                deleteQuietly(part);
            }
            throw e;
        }
    }

    /**
     * Completes {@code part} from {@code url}, resuming from its current length. {@code onTick} runs
     * on this thread a few times a second while bytes arrive (e.g. to save progress).
     */
    public void fetch(URI url, Path part, DownloadProgress progress, Runnable onTick)
            throws DownloadException, InterruptedException {
        withAttempts(url, () -> {
            attempt(url, part, progress, onTick);
            return null;
        });
    }

    private void attempt(URI url, Path part, DownloadProgress progress, Runnable onTick)
            throws DownloadException, InterruptedException {
        long have = sizeOf(part);
        progress.bytesDone(have);
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(settings.stallTimeout()).GET();
        if (have > 0) {
            builder.header("Range", "bytes=" + have + "-");
        }
        AtomicReference<PartFileSubscriber> sink = new AtomicReference<>();
        AtomicReference<ContentRange> range = new AtomicReference<>();
        AtomicReference<DownloadRefusedException> refused = new AtomicReference<>();
        DownloadLimits limits = settings.limits();
        HttpResponse.BodyHandler<Long> handler = info -> {
            long offset;
            Long total;
            if (info.statusCode() == 200) {
                offset = 0; // the whole file: the server ignored the range or there was none
                total = info.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst().orElse(null);
            } else if (info.statusCode() == 206) {
                ContentRange r = ContentRange.parse(info.headers().firstValue("Content-Range").orElse(null))
                        .orElse(new ContentRange(null, null, null));
                range.set(r);
                if (r.first() == null || r.first() != have) {
                    return HttpResponse.BodySubscribers.replacing(null);
                }
                offset = have;
                total = r.total();
            } else {
                range.set(ContentRange.parse(info.headers().firstValue("Content-Range").orElse(null)).orElse(null));
                return HttpResponse.BodySubscribers.replacing(null);
            }
            progress.bytesTotal(total);
            try {
                // before the first byte is written; a server that does not say how much is held to the cap below
                limits.check(url, total == null ? have : total, have);
            } catch (DownloadRefusedException e) {
                refused.set(e);
                return HttpResponse.BodySubscribers.replacing(null);
            }
            try {
                sink.set(PartFileSubscriber.at(part, offset, progress, limits.maxBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sink.get();
        };
        HttpResponse<Long> response;
        try {
            response = await(url, http.sendAsync(builder.build(), handler), sink, onTick);
        } catch (DownloadException e) {
            if (overran(e)) {
                deleteQuietly(part);
                throw limits.overrun(url);
            }
            throw e;
        }
        if (refused.get() != null) {
            if (refused.get().reason() == DownloadRefusedException.Reason.TOO_LARGE) {
                deleteQuietly(part);
            }
            throw refused.get();
        }
        int status = response.statusCode();
        if (status == 416 && have > 0) {
            Long total = range.get() == null ? null : range.get().total();
            if (total != null && total.longValue() == have) {
                progress.bytesTotal(total);
                return; // the partial file already holds every byte
            }
            deleteQuietly(part);
            throw new DownloadException(url + " refused to resume at byte " + have + "; starting over", true);
        }
        if (status == 206 && sink.get() == null) {
            throw new DownloadException(url + " answered a range other than the one asked for (bytes=" + have
                    + "-); cannot resume", false);
        }
        if (status != 200 && status != 206) {
            throw statusFailure(url, status);
        }
        long size = sizeOf(part);
        Long total = progress.bytesTotal();
        if (total != null && size != total) {
            throw new DownloadException("the connection to " + url + " ended after " + size + " of " + total
                    + " bytes", true);
        }
    }

    /** Waits for the transfer while watching for a stall; interruption (shutdown) stops it. */
    private HttpResponse<Long> await(URI url, CompletableFuture<HttpResponse<Long>> transfer,
            AtomicReference<PartFileSubscriber> sink, Runnable onTick) throws DownloadException, InterruptedException {
        while (true) {
            try {
                return transfer.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                onTick.run();
                PartFileSubscriber s = sink.get();
                if (s != null && s.idleNanos() > settings.stallTimeout().toNanos()) {
                    s.abort(new IOException("stalled"));
                    throw new DownloadException("no data from " + url + " for " + settings.stallTimeout().toSeconds()
                            + " s", true);
                }
            } catch (InterruptedException e) {
                PartFileSubscriber s = sink.get();
                if (s != null) {
                    s.abort(e);
                }
                transfer.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : e.getCause();
                if (cause instanceof UncheckedIOException u) {
                    throw new DownloadException("cannot write the partial file: " + u.getCause().getMessage(), false, u);
                }
                PartFileSubscriber s = sink.get();
                String after = s == null ? "" : " after " + s.written() + " bytes";
                throw new DownloadException("download from " + url + " failed" + after + ": " + describe(cause), true,
                        cause);
            }
        }
    }

    private <T> T withAttempts(URI url, Retry.Attempt<T, DownloadException> attempt)
            throws DownloadException, InterruptedException {
        return Retry.on(DownloadException.class, settings.attempts())
                .when(DownloadException::retryable)
                .pause(n -> settings.retryDelay())
                .onRetry((e, n, pause) -> Log.warnf("%s; attempt %d of %d, retrying in %d ms", e.getMessage(), n,
                        settings.attempts(), pause.toMillis()))
                .onGiveUp((e, n) -> n == 1 ? e : new DownloadException(
                        e.getMessage() + " (gave up after " + n + " attempts)", e.retryable(), e))
                .run(attempt);
    }

    private static boolean overran(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PartFileSubscriber.CapExceeded) {
                return true;
            }
        }
        return false;
    }

    private static DownloadException statusFailure(URI url, int status) {
        // 408, 429 and 5xx are the server's passing trouble; other answers will not change by asking again
        boolean retryable = status == 408 || status == 429 || status >= 500;
        return new DownloadException(url + " answered HTTP " + status, retryable);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static long sizeOf(Path file) throws DownloadException {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new DownloadException("cannot read the partial file " + file + ": " + e.getMessage(), false, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("could not delete %s: %s", file, e.getMessage());
        }
    }
}
