package dev.ec2service.instance.service;

import dev.ec2service.instance.domain.Instance;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One page of a listing: the instances with their tags, and the token of the next page when there is one. */
public record InstancePage(List<Listed> items, Optional<String> nextToken) {

    /** An instance as listed (without its user data and public key), with its tags by key. */
    public record Listed(Instance instance, Map<String, String> tags) {
    }
}
