package dev.ec2service.tag.service;

import dev.ec2service.platform.events.ChangeFeed;
import dev.ec2service.platform.events.EventType;
import dev.ec2service.tag.domain.ResourceTag;
import dev.ec2service.tag.domain.TagErrors;
import dev.ec2service.tag.domain.TaggedResource;
import dev.ec2service.tag.port.TagLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tags of instances, images and key pairs. Resources are named by their own ids (instance id, image id, key pair
 * name); the EC2 API translates its ami-/key- ids before it comes here. EC2's limits apply to every caller.
 */
@ApplicationScoped
public class TagService implements TagLookup {

    public static final int MAX_TAGS = 50;
    public static final int MAX_KEY = 128;
    public static final int MAX_VALUE = 256;

    /**
     * The {@code data} of a {@code tags} event on {@code /api/ws/events}: the resource's type and all its tags after
     * the change; the event's id is the resource's own id.
     */
    public record TagsEvent(String resourceType, Map<String, String> tags) {
    }

    private final ChangeFeed feed;

    TagService(ChangeFeed feed) {
        this.feed = feed;
    }

    /** The tags of one resource, by key. */
    @Override
    @Transactional
    public Map<String, String> tagsOf(TaggedResource type, String resourceId) {
        Map<String, String> tags = new TreeMap<>();
        ResourceTag.<ResourceTag>list("resourceType = ?1 and resourceId = ?2", type.wire(), resourceId)
                .forEach(t -> tags.put(t.key, t.value));
        return tags;
    }

    /** Every tag of every resource of a type: resource id to its tags (one query for a whole listing). */
    @Override
    @Transactional
    public Map<String, Map<String, String>> tagsOf(TaggedResource type) {
        Map<String, Map<String, String>> all = new HashMap<>();
        ResourceTag.<ResourceTag>list("resourceType", type.wire())
                .forEach(t -> all.computeIfAbsent(t.resourceId, k -> new TreeMap<>()).put(t.key, t.value));
        return all;
    }

    /** Every tag, ordered by type, resource and key. */
    @Transactional
    public List<ResourceTag> all() {
        return ResourceTag.list("order by resourceType, resourceId, key");
    }

    /** Adds or overwrites tags; refuses keys and values beyond EC2's limits and more than 50 tags in all. */
    @Transactional
    public void set(TaggedResource type, String resourceId, Map<String, String> tags) {
        Map<String, String> merged = new LinkedHashMap<>(tagsOf(type, resourceId));
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            validate(tag.getKey(), tag.getValue());
            merged.put(tag.getKey(), tag.getValue());
        }
        if (merged.size() > MAX_TAGS) {
            throw TagErrors.LIMIT_EXCEEDED.exception("a resource may carry at most " + MAX_TAGS
                    + " tags; " + resourceId + " would have " + merged.size());
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String id = ResourceTag.idOf(type.wire(), resourceId, tag.getKey());
            ResourceTag row = ResourceTag.findById(id);
            if (row == null) {
                row = new ResourceTag();
                row.id = id;
                row.resourceType = type.wire();
                row.resourceId = resourceId;
                row.key = tag.getKey();
                row.value = tag.getValue();
                row.persist();
            } else {
                row.value = tag.getValue();
            }
        }
        feed.changed(EventType.TAGS, resourceId, new TagsEvent(type.wire(), new TreeMap<>(merged)));
    }

    /**
     * Deletes tags by key; a present value deletes the tag only when it has that value (EC2's DeleteTags). With
     * no keys at all, every tag of the resource goes.
     */
    @Transactional
    public void delete(TaggedResource type, String resourceId, Map<String, Optional<String>> keys) {
        if (keys.isEmpty()) {
            if (ResourceTag.delete("resourceType = ?1 and resourceId = ?2", type.wire(), resourceId) > 0) {
                feed.changed(EventType.TAGS, resourceId, new TagsEvent(type.wire(), Map.of()));
            }
            return;
        }
        boolean[] deleted = {false};
        keys.forEach((key, value) -> {
            ResourceTag row = ResourceTag.findById(ResourceTag.idOf(type.wire(), resourceId, key));
            if (row != null && value.map(v -> v.equals(row.value)).orElse(true)) {
                row.delete();
                deleted[0] = true;
            }
        });
        if (deleted[0]) {
            feed.changed(EventType.TAGS, resourceId, new TagsEvent(type.wire(), tagsOf(type, resourceId)));
        }
    }

    /** Refuses a key or value beyond EC2's limits, before anything is created with it. */
    public static void validate(String key, String value) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
            throw TagErrors.INVALID_TAG.exception("a tag key must have 1 to " + MAX_KEY + " characters");
        }
        if (key.toLowerCase().startsWith("aws:")) {
            throw TagErrors.INVALID_TAG.exception("tag keys starting with 'aws:' are reserved");
        }
        if (value == null || value.length() > MAX_VALUE) {
            throw TagErrors.INVALID_TAG.exception("a tag value must have at most " + MAX_VALUE
                    + " characters");
        }
        // XML 1.0 cannot carry them, so every EC2 answer listing the tag would fail
        if (hasControl(key) || hasControl(value)) {
            throw TagErrors.INVALID_TAG.exception("tag keys and values must not contain control characters");
        }
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> Character.isISOControl(c) || c == 0xFFFE || c == 0xFFFF)
                || !validSurrogates(text);
    }

    private static boolean validSurrogates(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
