package dev.ec2service.image.service;

/** What a user gives to register a qcow2 file on the host as an image. */
public record ImportCommand(String id, String name, String description, String os, String arch, String defaultUser,
        String path) {
}
