package dev.ec2service.image.download;

/** A download that must not happen (or go on): the file is over the size cap or the disk cannot take it. */
public class DownloadRefusedException extends DownloadException {

    /** Why the download was refused. */
    public enum Reason {
        TOO_LARGE, NO_SPACE
    }

    private final Reason reason;

    public DownloadRefusedException(Reason reason, String message) {
        super(message, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
