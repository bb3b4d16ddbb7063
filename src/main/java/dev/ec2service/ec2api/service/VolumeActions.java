package dev.ec2service.ec2api.service;

import dev.ec2service.ec2api.api.Ec2Action;
import dev.ec2service.ec2api.api.Ec2Actions;
import dev.ec2service.ec2api.api.Ec2Exception;
import dev.ec2service.ec2api.api.Ec2Request;
import dev.ec2service.ec2api.api.QueryParams;
import dev.ec2service.ec2api.model.Ec2Model;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.instance.service.InstanceService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Each instance's disk as EC2 shows a root volume: a {@code vol-} id derived from the instance id, its size, and its
 * attachment as {@code /dev/vda}. A root volume lives and dies with its instance here, so it is always in use.
 */
@ApplicationScoped
public class VolumeActions implements Ec2Actions {

    static final Pattern VOLUME_ID = Pattern.compile("vol-[0-9a-f]{8,17}");
    static final String ROOT_DEVICE = "/dev/vda";
    private static final Set<String> FILTERS = Set.of("volume-id", "attachment.instance-id", "attachment.device",
            "attachment.status", "attachment.delete-on-termination", "status", "size", "volume-type",
            "availability-zone", "encrypted", "multi-attach-enabled");

    record VolumeAttachment(String volumeId, String instanceId, String device, String status, Instant attachTime,
            Boolean deleteOnTermination) {
    }

    record Volume(String volumeId, Integer size, String snapshotId, String availabilityZone, String status,
            Instant createTime, List<VolumeAttachment> attachmentSet, List<Ec2Model.Tag> tagSet, String volumeType,
            Integer iops, Boolean encrypted, Boolean multiAttachEnabled) {
    }

    record DescribeVolumesResult(List<Volume> volumeSet, String nextToken) {
    }

    private final InstanceService instances;

    VolumeActions(InstanceService instances) {
        this.instances = instances;
    }

    @Override
    public Map<String, Ec2Action> actions() {
        return Map.of("DescribeVolumes", this::describeVolumes);
    }

    Record describeVolumes(Ec2Request request) {
        QueryParams p = request.params();
        Map<String, List<String>> filters = p.filters();
        Ec2Filters.requireKnown(filters, FILTERS, true);
        List<String> ids = p.list("VolumeId");
        for (String id : ids) {
            if (!VOLUME_ID.matcher(id).matches()) {
                throw new Ec2Exception("InvalidVolumeID.Malformed", "Invalid id: \"" + id + "\"");
            }
        }
        if (!ids.isEmpty() && p.has("MaxResults")) {
            throw new Ec2Exception("InvalidParameterCombination",
                    "The parameter volumeSet cannot be used with the parameter maxResults");
        }
        String zone = AccountActions.zone(request.region());
        Map<String, Volume> all = new LinkedHashMap<>();
        for (Instance row : instances.list(Optional.empty())) {
            if (row.status != InstanceStatus.TERMINATED) {
                Volume volume = volume(row, zone);
                all.put(volume.volumeId(), volume);
            }
        }
        List<Volume> chosen;
        if (ids.isEmpty()) {
            chosen = new ArrayList<>(all.values());
        } else {
            List<String> missing = ids.stream().filter(id -> !all.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                throw new Ec2Exception("InvalidVolume.NotFound", (missing.size() == 1 ? "The volume '"
                        : "The volumes '") + String.join(", ", missing) + (missing.size() == 1 ? "' does not exist."
                                : "' do not exist."));
            }
            chosen = ids.stream().distinct().map(all::get).toList();
        }
        List<Volume> matching = chosen.stream()
                .filter(v -> Ec2Filters.matches(filters, v, VolumeActions::attribute, Map.of())).toList();
        Ec2Filters.Page<Volume> page = Ec2Filters.page(matching, p.integer("MaxResults"), p.get("NextToken"), 5, 500);
        return new DescribeVolumesResult(page.items(), page.nextToken());
    }

    /** The root volume of an instance, as DescribeInstances names it in its block device mapping. */
    static Volume volume(Instance row, String zone) {
        String id = Ec2Ids.volume(row.id);
        VolumeAttachment attachment = new VolumeAttachment(id, row.id, ROOT_DEVICE, "attached", row.createdAt, true);
        // gp2's baseline: 3 IOPS per GiB, at least 100
        return new Volume(id, row.diskGb, "", zone, "in-use", row.createdAt, List.of(attachment), List.of(), "gp2",
                Math.max(100, 3 * row.diskGb), false, false);
    }

    private static List<String> attribute(Volume v, String filter) {
        VolumeAttachment a = v.attachmentSet().get(0);
        String value = switch (filter) {
            case "volume-id" -> v.volumeId();
            case "attachment.instance-id" -> a.instanceId();
            case "attachment.device" -> a.device();
            case "attachment.status" -> a.status();
            case "attachment.delete-on-termination" -> String.valueOf(a.deleteOnTermination());
            case "status" -> v.status();
            case "size" -> String.valueOf(v.size());
            case "volume-type" -> v.volumeType();
            case "availability-zone" -> v.availabilityZone();
            case "encrypted" -> String.valueOf(v.encrypted());
            default -> String.valueOf(v.multiAttachEnabled());
        };
        return List.of(value);
    }
}
