package dev.ec2service.image.port;

import dev.ec2service.image.domain.ImageStatus;

/** What an image's file is like right now: the status the API and health report. */
public record ImageState(ImageStatus status, String detail, Long virtualSize, Long fileSize, Long bytesDone,
        Long bytesTotal) {
}
