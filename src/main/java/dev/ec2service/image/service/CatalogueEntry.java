package dev.ec2service.image.service;

/** One image the service knows how to fetch (REQ-IMG-001, REQ-IMG-005). */
public record CatalogueEntry(String id, String name, String description, String os, String arch, String fileName,
        String defaultUser, String downloadUrl, String checksumUrl) {
}
