package dev.ec2service.image.download;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Writes a response body onto the partial file from a given offset, reporting progress as it goes.
 * Its own subscriber (rather than an InputStream) so a stalled transfer can be aborted from the
 * waiting thread: {@link #abort} cancels the subscription, which closes the connection.
 */
final class PartFileSubscriber implements HttpResponse.BodySubscriber<Long> {

    /** Thrown into the transfer when the body would make the file larger than allowed. */
    static final class CapExceeded extends IOException {
        CapExceeded(long limit) {
            super("the body goes beyond " + limit + " bytes");
        }
    }

    private final FileChannel channel;
    private final DownloadProgress progress;
    private final long offset;
    private final long maxFileBytes;
    private final CompletableFuture<Long> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile long lastActivity = System.nanoTime();
    private volatile long written;

    private PartFileSubscriber(FileChannel channel, DownloadProgress progress, long offset, long maxFileBytes) {
        this.channel = channel;
        this.progress = progress;
        this.offset = offset;
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * Opens {@code part} for writing at {@code offset}, dropping anything beyond it; the transfer is aborted
     * rather than let the file grow past {@code maxFileBytes}.
     */
    static PartFileSubscriber at(Path part, long offset, DownloadProgress progress, long maxFileBytes)
            throws IOException {
        FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.truncate(offset);
            channel.position(offset);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        progress.bytesDone(offset);
        return new PartFileSubscriber(channel, progress, offset, maxFileBytes);
    }

    @Override
    public CompletionStage<Long> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        long arriving = items.stream().mapToLong(ByteBuffer::remaining).sum();
        if (offset + written + arriving > maxFileBytes) {
            abort(new CapExceeded(maxFileBytes));
            return;
        }
        try {
            for (ByteBuffer item : items) {
                long n = 0;
                while (item.hasRemaining()) {
                    n += channel.write(item);
                }
                written += n;
                progress.add(n);
            }
            lastActivity = System.nanoTime();
            subscription.request(1);
        } catch (IOException e) {
            abort(e);
        }
    }

    @Override
    public void onError(Throwable error) {
        close();
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        try {
            // on disk before the checksum is computed and the file moved into place
            channel.force(true);
            channel.close();
            body.complete(written);
        } catch (IOException e) {
            body.completeExceptionally(e);
        }
    }

    /** Stops the transfer: the connection is dropped and the bytes written so far stay on disk. */
    void abort(Throwable why) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        close();
        body.completeExceptionally(why);
    }

    long idleNanos() {
        return System.nanoTime() - lastActivity;
    }

    long written() {
        return written;
    }

    private void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing after a failure: the failure is what gets reported
        }
    }
}
