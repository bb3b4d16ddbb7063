package dev.ec2service.image.domain;

import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;

/** Every cause the image feature refuses a request for. */
public final class ImageErrors {

    public static final ErrorCode NOT_FOUND = ErrorCode.notFound("Image");
    public static final ErrorCode UNKNOWN_IMAGE = new ErrorCode("unknown-image", Kind.INVALID, "Unknown image");
    public static final ErrorCode IMAGE_MISSING =
            new ErrorCode("image-missing", Kind.INVALID, "Image file not available");
    public static final ErrorCode INVALID_ID = new ErrorCode("invalid-image-id", Kind.INVALID, "Invalid image id");
    public static final ErrorCode UNKNOWN_ARCH =
            new ErrorCode("unknown-arch", Kind.INVALID, "Unknown architecture");
    public static final ErrorCode FOREIGN_ARCH =
            new ErrorCode("foreign-arch", Kind.INVALID, "Image for another architecture");
    public static final ErrorCode INVALID_PATH = new ErrorCode("invalid-path", Kind.INVALID, "Invalid path");
    public static final ErrorCode UNREADABLE_FILE =
            new ErrorCode("unreadable-image-file", Kind.INVALID, "Image file cannot be read");
    public static final ErrorCode NOT_QCOW2 = new ErrorCode("not-qcow2", Kind.INVALID, "Not a qcow2 image");
    public static final ErrorCode NOT_STANDALONE =
            new ErrorCode("not-standalone", Kind.INVALID, "Image is not standalone");
    public static final ErrorCode NOT_DOWNLOADABLE =
            new ErrorCode("not-downloadable", Kind.INVALID, "Image has no download source");
    public static final ErrorCode NOT_CATALOG_IMAGE =
            new ErrorCode("not-catalog-image", Kind.INVALID, "Not a catalogue image");
    public static final ErrorCode EXISTS = new ErrorCode("image-exists", Kind.CONFLICT, "Image exists");
    public static final ErrorCode CATALOG_IMAGE =
            new ErrorCode("catalog-image", Kind.CONFLICT, "Catalogue image cannot be deleted");
    public static final ErrorCode PULL_IN_PROGRESS =
            new ErrorCode("pull-in-progress", Kind.CONFLICT, "Download in progress");
    public static final ErrorCode IN_USE = new ErrorCode("image-in-use", Kind.CONFLICT, "Image in use");
    public static final ErrorCode DOWNLOAD_TOO_LARGE =
            new ErrorCode("download-too-large", Kind.CAPACITY, "Image file too large");
    public static final ErrorCode INSUFFICIENT_DISK =
            new ErrorCode("insufficient-disk", Kind.CAPACITY, "Not enough free disk");
    public static final ErrorCode INSUFFICIENT_STORAGE =
            new ErrorCode("insufficient-storage", Kind.NO_SPACE, "Not enough disk space");
    public static final ErrorCode COPY_FAILED =
            new ErrorCode("copy-failed", Kind.FAILED, "Image file could not be copied");

    private ImageErrors() {
    }
}
