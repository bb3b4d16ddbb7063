package dev.ec2service.tag.port;

import dev.ec2service.tag.domain.TaggedResource;
import java.util.Map;

/** Reads tags for the features whose resources carry them. */
public interface TagLookup {

    /** The tags of one resource, by key. */
    Map<String, String> tagsOf(TaggedResource type, String resourceId);

    /** Every tag of every resource of a type: resource id to its tags (one query for a whole listing). */
    Map<String, Map<String, String>> tagsOf(TaggedResource type);
}
