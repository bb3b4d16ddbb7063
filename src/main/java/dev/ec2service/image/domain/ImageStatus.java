package dev.ec2service.image.domain;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an image's file can be launched from (REQ-IMG-003, REQ-IMG-004). */
public enum ImageStatus {
    /** The file is present and is a standalone qcow2 image. */
    AVAILABLE,
    /** The file is absent or is not a usable qcow2 image. */
    MISSING,
    /** A pull is fetching the file. */
    DOWNLOADING,
    /** The last pull failed; the detail says why. */
    ERROR;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }
}
