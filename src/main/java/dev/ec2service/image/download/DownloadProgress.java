package dev.ec2service.image.download;

/** Where a download reports how far it got. */
public interface DownloadProgress {

    /** Bytes of the file held so far, including those kept from an earlier attempt. */
    void bytesDone(long bytes);

    void add(long bytes);

    /** The file's full size once the server tells it; null while unknown. */
    void bytesTotal(Long bytes);

    /** The total last reported; lets a download notice that a connection ended early. */
    Long bytesTotal();
}
