package dev.ec2service.ec2api.service;

import dev.ec2service.ec2api.api.Ec2Action;
import dev.ec2service.ec2api.api.Ec2Actions;
import dev.ec2service.ec2api.api.Ec2Exception;
import dev.ec2service.ec2api.api.Ec2Request;
import dev.ec2service.ec2api.api.QueryParams;
import dev.ec2service.ec2api.model.Ec2Model;
import dev.ec2service.instance.service.InstanceService;
import dev.ec2service.keypair.domain.SshKey;
import dev.ec2service.keypair.service.KeyPairService;
import dev.ec2service.tag.domain.ResourceTag;
import dev.ec2service.tag.domain.TaggedResource;
import dev.ec2service.tag.service.TagService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** CreateTags, DeleteTags and DescribeTags on instances ({@code i-}), images ({@code ami-}) and key pairs ({@code key-}). */
@ApplicationScoped
public class TagActions implements Ec2Actions {

    private final TagService tags;
    private final InstanceService instances;
    private final ImageActions images;
    private final KeyPairActions keyPairs;
    private final KeyPairService keys;

    TagActions(TagService tags, InstanceService instances, ImageActions images,
            KeyPairActions keyPairs, KeyPairService keys) {
        this.tags = tags;
        this.instances = instances;
        this.images = images;
        this.keyPairs = keyPairs;
        this.keys = keys;
    }

    @Override
    public Map<String, Ec2Action> actions() {
        return Map.of(
                "CreateTags", this::createTags,
                "DeleteTags", this::deleteTags,
                "DescribeTags", this::describeTags);
    }

    private record Target(TaggedResource type, String id) {
    }

    /** An EC2 resource id as the resource it names here; unknown ids are refused as EC2 does. */
    private Target resolve(String resourceId) {
        if (resourceId.startsWith("i-")) {
            if (!InstanceActions.INSTANCE_ID.matcher(resourceId).matches()) {
                throw new Ec2Exception("InvalidInstanceID.Malformed", "Invalid id: \"" + resourceId + "\"");
            }
            instances.list(Optional.empty()).stream().filter(i -> i.id.equals(resourceId)).findFirst()
                    .orElseThrow(() -> new Ec2Exception("InvalidInstanceID.NotFound", "The instance ID '" + resourceId
                            + "' does not exist"));
            return new Target(TaggedResource.INSTANCE, resourceId);
        }
        if (resourceId.startsWith("key-")) {
            SshKey key = keyPairs.findById(resourceId).orElseThrow(() -> new Ec2Exception("InvalidKeyPair.NotFound",
                    "The key pair ID '" + resourceId + "' does not exist"));
            return new Target(TaggedResource.KEY_PAIR, key.name);
        }
        if (resourceId.startsWith("ami-")) {
            return new Target(TaggedResource.IMAGE, images.require(resourceId).id);
        }
        throw new Ec2Exception("InvalidID", "The ID '" + resourceId + "' is not valid; tags are supported on "
                + "instances (i-), images (ami-) and key pairs (key-)");
    }

    Record createTags(Ec2Request request) {
        QueryParams p = request.params();
        List<String> ids = p.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Exception.missing("ResourceId");
        }
        Map<String, String> newTags = p.tags("Tag");
        if (newTags.isEmpty()) {
            throw Ec2Exception.missing("Tag");
        }
        newTags.forEach(TagService::validate);
        List<Target> targets = ids.stream().map(this::resolve).toList();
        request.dryRunCheck();
        targets.forEach(t -> tags.set(t.type(), t.id(), newTags));
        return new Ec2Model.Return(true);
    }

    Record deleteTags(Ec2Request request) {
        QueryParams p = request.params();
        List<String> ids = p.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Exception.missing("ResourceId");
        }
        Map<String, Optional<String>> keysToDelete = new LinkedHashMap<>();
        for (QueryParams tag : p.structs("Tag")) {
            keysToDelete.put(tag.required("Key"), tag.get("Value"));
        }
        List<Target> targets = ids.stream().map(this::resolve).toList();
        request.dryRunCheck();
        targets.forEach(t -> tags.delete(t.type(), t.id(), keysToDelete));
        return new Ec2Model.Return(true);
    }

    Record describeTags(Ec2Request request) {
        QueryParams p = request.params();
        Map<String, List<String>> filters = p.filters();
        Ec2Filters.requireKnown(filters, Set.of("resource-id", "resource-type", "key", "value"), false);
        Map<String, String> keyIds = new LinkedHashMap<>();
        keys.list().forEach(k -> keyIds.put(k.name, KeyPairActions.id(k)));
        List<Ec2Model.TagDescription> result = new ArrayList<>();
        for (ResourceTag tag : tags.all()) {
            String ec2Id = switch (tag.resourceType) {
                case "image" -> Ec2Ids.ami(tag.resourceId);
                case "key-pair" -> keyIds.get(tag.resourceId);
                default -> tag.resourceId;
            };
            if (ec2Id == null) {
                continue;
            }
            Ec2Model.TagDescription d = new Ec2Model.TagDescription(tag.key, ec2Id, tag.resourceType, tag.value);
            if (Ec2Filters.matches(filters, d, (t, f) -> List.of(switch (f) {
                case "resource-id" -> t.resourceId();
                case "resource-type" -> t.resourceType();
                case "key" -> t.key();
                default -> t.value();
            }), Map.of())) {
                result.add(d);
            }
        }
        Ec2Filters.Page<Ec2Model.TagDescription> page = Ec2Filters.page(result, p.integer("MaxResults"),
                p.get("NextToken"), 5, 1000);
        return new Ec2Model.DescribeTagsResult(page.items(), page.nextToken());
    }
}
