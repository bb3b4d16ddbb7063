package dev.ec2service.image.download;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/**
 * What one download may take: at most {@code maxBytes} for the whole file, and only as much as leaves
 * {@code headroomBytes} free on the file system that receives it. Checked before the first byte is written
 * (from the size the server announces) and, for the size cap, again while bytes arrive.
 */
public record DownloadLimits(long maxBytes, String maxBytesSetting, long headroomBytes, String headroomSetting,
        FreeSpace freeSpace) {

    /** Free bytes where the download is written. */
    @FunctionalInterface
    public interface FreeSpace {
        long bytes() throws IOException;
    }

    /** No limits, for callers that fetch small files. */
    public static DownloadLimits none() {
        return new DownloadLimits(Long.MAX_VALUE, "none", 0, "none", () -> Long.MAX_VALUE);
    }

    /**
     * Refuses a file of {@code totalBytes} from {@code url} of which {@code haveBytes} are already on disk, when it
     * is over the cap or the rest of it would eat into the headroom.
     */
    public void check(URI url, long totalBytes, long haveBytes) throws DownloadRefusedException {
        if (totalBytes > maxBytes) {
            throw tooLarge(url, totalBytes);
        }
        long free;
        try {
            free = freeSpace.bytes();
        } catch (IOException e) {
            throw new DownloadRefusedException(DownloadRefusedException.Reason.NO_SPACE,
                    "cannot tell the free space for " + url + ": " + e.getMessage());
        }
        long needed = Math.max(0, totalBytes - haveBytes);
        if (free - needed < headroomBytes) {
            throw new DownloadRefusedException(DownloadRefusedException.Reason.NO_SPACE, "downloading " + url
                    + " needs " + gib(needed) + " more, and the file system of the images directory has " + gib(free)
                    + " free of which " + gib(headroomBytes) + " must stay free (" + headroomSetting + ")");
        }
    }

    /** The refusal for a body that grew past the cap while streaming. */
    DownloadRefusedException overrun(URI url) {
        return new DownloadRefusedException(DownloadRefusedException.Reason.TOO_LARGE, url + " sent more than "
                + describe(maxBytes) + ", the most a download may take (" + maxBytesSetting + "); "
                + "the partial file was deleted");
    }

    private DownloadRefusedException tooLarge(URI url, long totalBytes) {
        return new DownloadRefusedException(DownloadRefusedException.Reason.TOO_LARGE, url + " is "
                + describe(totalBytes) + ", more than the " + describe(maxBytes) + " a download may take ("
                + maxBytesSetting + ")");
    }

    private static String describe(long bytes) {
        return bytes + " bytes (" + gib(bytes) + ")";
    }

    /** A size as people read it: GiB with one decimal, MiB below one GiB. */
    static String gib(long bytes) {
        double mib = bytes / (1024.0 * 1024);
        return mib >= 1024 ? String.format(Locale.ROOT, "%.1f GiB", mib / 1024)
                : String.format(Locale.ROOT, "%.1f MiB", mib);
    }
}
