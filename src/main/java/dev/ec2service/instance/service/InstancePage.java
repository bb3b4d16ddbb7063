package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.Instance;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One page of a listing: the instances with their tags, the token of the next page when there is one, and the
 * listing version it was read at (it moves with every change to instances, their tags and port forwards).
 */
public record InstancePage(List<Listed> items, Optional<String> nextToken, long version) {

    /** A version no listing has: asking with it always reads the page. */
    public static final long NO_VERSION = -1;

    /** An instance as listed (without its user data and public key), with its tags by key. */
    public record Listed(Instance instance, Map<String, String> tags) {
    }
}
