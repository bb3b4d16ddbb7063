package dev.ec2service.tag.domain;

import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;

/** The causes a tag change is refused for. */
public final class TagErrors {

    public static final ErrorCode INVALID_TAG = new ErrorCode("invalid-tag", Kind.INVALID, "Invalid tag");
    public static final ErrorCode LIMIT_EXCEEDED =
            new ErrorCode("tag-limit-exceeded", Kind.INVALID, "Too many tags");

    private TagErrors() {
    }
}
