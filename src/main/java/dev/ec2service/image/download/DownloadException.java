package dev.ec2service.image.download;

/** A download failed; the message is meant for the user and says what happened to which URL. */
public class DownloadException extends Exception {

    private final boolean retryable;

    public DownloadException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public DownloadException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether another attempt may succeed (a dropped connection may; a 404 will not). */
    public boolean retryable() {
        return retryable;
    }
}
