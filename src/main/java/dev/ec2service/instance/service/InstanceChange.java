package dev.ec2service.instance.service;

import java.util.Optional;

/** What changes on a stopped instance; an empty field stays as it is, empty user data removes it. */
public record InstanceChange(Optional<String> instanceType, Optional<byte[]> userData) {
}
