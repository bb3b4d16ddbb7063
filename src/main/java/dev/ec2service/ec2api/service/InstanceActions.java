package dev.ec2service.ec2api.service;

import dev.ec2service.ec2api.api.Ec2Action;
import dev.ec2service.ec2api.api.Ec2Actions;
import dev.ec2service.ec2api.api.Ec2Exception;
import dev.ec2service.ec2api.api.Ec2Request;
import dev.ec2service.ec2api.api.QueryParams;
import dev.ec2service.ec2api.config.Ec2ApiConfig;
import dev.ec2service.ec2api.domain.Ec2Launch;
import dev.ec2service.ec2api.model.Ec2Model;
import dev.ec2service.image.domain.Image;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.instance.service.CreateInstanceCommand;
import dev.ec2service.instance.service.InstanceConfig;
import dev.ec2service.instance.service.InstanceService;
import dev.ec2service.keypair.service.KeyPairService;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.tag.domain.TaggedResource;
import dev.ec2service.tag.service.TagService;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The instance actions, each a thin translation onto {@link InstanceService}, the same one REST uses. */
@ApplicationScoped
public class InstanceActions implements Ec2Actions {

    static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");
    /** EC2 keeps terminated instances visible for about an hour. */
    static final Duration TERMINATED_VISIBLE = Duration.ofHours(1);
    private static final Set<String> FILTERS = Set.of("instance-id", "instance-state-name", "instance-state-code",
            "instance-type", "image-id", "key-name", "private-ip-address", "ip-address", "reservation-id",
            "availability-zone", "vpc-id", "subnet-id", "private-dns-name", "client-token", "launch-index");
    /** What ModifyInstanceAttribute changes, by EC2's attribute names. */
    private static final List<String> MODIFIABLE = List.of("instanceType", "userData", "disableApiTermination",
            "disableApiStop", "instanceInitiatedShutdownBehavior");

    private final InstanceService instances;
    private final ImageActions images;
    private final KeyPairService keys;
    private final TagService tags;
    private final Ec2LaunchStore launches;
    private final InstanceViews views;
    /** Striped so that retries of one ClientToken serialise without a lock per token ever seen. */
    private final Object[] tokenLocks = new Object[64];
    private final Ec2ApiConfig config;
    private final InstanceConfig instanceConfig;

    InstanceActions(InstanceService instances, ImageActions images, KeyPairService keys, TagService tags,
            Ec2LaunchStore launches, InstanceViews views, Ec2ApiConfig config, InstanceConfig instanceConfig) {
        this.config = config;
        this.instanceConfig = instanceConfig;
        for (int i = 0; i < tokenLocks.length; i++) {
            tokenLocks[i] = new Object();
        }
        this.instances = instances;
        this.images = images;
        this.keys = keys;
        this.tags = tags;
        this.launches = launches;
        this.views = views;
    }

    @Override
    public Map<String, Ec2Action> actions() {
        return Map.ofEntries(
                Map.entry("RunInstances", this::runInstances),
                Map.entry("DescribeInstances", this::describeInstances),
                Map.entry("StartInstances", r -> changeStates(r, "start")),
                Map.entry("StopInstances", r -> changeStates(r, "stop")),
                Map.entry("TerminateInstances", r -> changeStates(r, "terminate")),
                Map.entry("RebootInstances", this::rebootInstances),
                Map.entry("DescribeInstanceStatus", this::describeInstanceStatus),
                Map.entry("GetConsoleOutput", this::getConsoleOutput),
                Map.entry("DescribeInstanceAttribute", this::describeInstanceAttribute),
                Map.entry("ModifyInstanceAttribute", this::modifyInstanceAttribute),
                Map.entry("DescribeInstanceCreditSpecifications", this::describeInstanceCreditSpecifications));
    }

    Record runInstances(Ec2Request request) {
        QueryParams p = request.params();
        Image image = images.require(p.required("ImageId"));
        String type = p.get("InstanceType").orElse("t2.micro");
        if (InstanceType.byName(type).isEmpty()) {
            throw new Ec2Exception("InvalidParameterValue", "Invalid value '" + type + "' for InstanceType.");
        }
        int min = p.integer("MinCount").orElseThrow(() -> Ec2Exception.missing("MinCount"));
        int max = p.integer("MaxCount").orElseThrow(() -> Ec2Exception.missing("MaxCount"));
        if (min < 1 || max < min) {
            throw new Ec2Exception("InvalidParameterValue", "MinCount must be at least 1 and MaxCount at least "
                    + "MinCount (MinCount=" + min + ", MaxCount=" + max + ")");
        }
        if (min > config.maxCount() || max > config.maxCount()) {
            throw new Ec2Exception("InstanceLimitExceeded", "You have requested more instances (" + max + ") than "
                    + "one RunInstances may launch here: at most " + config.maxCount() + " (ec2.api.max-count).");
        }
        Optional<String> keyName = p.get("KeyName").filter(k -> !k.isEmpty());
        if (keyName.isPresent() && keys.list().stream().noneMatch(k -> k.name.equals(keyName.get()))) {
            throw new Ec2Exception("InvalidKeyPair.NotFound", "The key pair '" + keyName.get() + "' does not exist");
        }
        String userData = p.get("UserData").map(this::decodeUserData).orElse(null);
        Map<String, String> instanceTags = instanceTags(p);
        boolean disableApiTermination = p.bool("DisableApiTermination");
        Optional<String> token = p.get("ClientToken").filter(t -> !t.isEmpty());
        if (token.isPresent() && token.get().length() > 64) {
            throw Ec2Exception.invalidValue("ClientToken", token.get(), "At most 64 characters.");
        }
        Object lock = token.map(t -> tokenLocks[Math.floorMod(t.hashCode(), tokenLocks.length)])
                .orElseGet(Object::new);
        synchronized (lock) {
            if (token.isPresent()) {
                List<Ec2Launch> earlier = launches.byClientToken(token.get());
                if (!earlier.isEmpty()) {
                    // the same request again: its first answer, not new instances (EC2's idempotency)
                    return reservation(earlier.get(0).reservationId, earlier.stream()
                            .map(l -> instances.get(l.instanceId)).toList(), request.region());
                }
            }
            request.dryRunCheck();
            // every instance of the reservation is answered before the first is provisioned
            try (InstanceService.Answering answering = instances.answeringLaunches()) {
                return launchAll(request, token, type, image, keyName, userData, instanceTags, min, max,
                        disableApiTermination);
            }
        }
    }

    /** RunInstances' launches, under its ClientToken's lock, with the reservation's launches being answered. */
    private Record launchAll(Ec2Request request, Optional<String> token, String type, Image image,
            Optional<String> keyName, String userData, Map<String, String> instanceTags, int min, int max,
            boolean disableApiTermination) {
        String reservationId = Ec2Ids.newReservation();
        List<Instance> launched = new ArrayList<>();
        for (int index = 0; index < max; index++) {
            Instance row = null;
            try {
                row = instances.create(new CreateInstanceCommand(instanceTags.get("Name"), type,
                        image.id, keyName.orElse(null), userData, List.of()));
                // counted at once, so a failure in what follows still rolls this instance back
                launched.add(row);
                launches.record(row.id, reservationId, token.orElse(null), index, disableApiTermination);
                if (!instanceTags.isEmpty()) {
                    tags.set(TaggedResource.INSTANCE, row.id, instanceTags);
                }
            } catch (RuntimeException e) {
                if (row != null && launched.size() > min) {
                    // made but not fully recorded: undone alone, the others stand
                    launched.remove(row);
                    rollBack(reservationId, List.of(row), false, e);
                }
                if (launched.size() >= min && (row == null || !launched.contains(row))) {
                    Log.infof("RunInstances %s: launched %d of at most %d: %s", reservationId, launched.size(),
                            max, e.getMessage());
                    break;
                }
                rollBack(reservationId, launched, true, e);
                throw e;
            }
        }
        return reservation(reservationId, launched, request.region());
    }

    /**
     * Undoes a launch that reached fewer than MinCount instances: every instance is terminated even when one
     * refuses, and the reservation's records and tags go, so a retry with the same ClientToken launches anew.
     */
    private void rollBack(String reservationId, List<Instance> launched, boolean wholeReservation,
            RuntimeException cause) {
        for (Instance made : launched) {
            try {
                instances.terminate(made.id);
            } catch (RuntimeException e) {
                Log.warnf("RunInstances %s: cannot terminate %s while rolling back: %s", reservationId, made.id,
                        e.getMessage());
                cause.addSuppressed(e);
            }
            try {
                tags.delete(TaggedResource.INSTANCE, made.id, Map.of());
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
        try {
            if (wholeReservation) {
                launches.deleteReservation(reservationId);
            } else {
                launched.forEach(i -> launches.delete(i.id));
            }
        } catch (RuntimeException e) {
            Log.warnf("RunInstances %s: cannot delete its launch records: %s", reservationId, e.getMessage());
            cause.addSuppressed(e);
        }
    }

    private Ec2Model.Reservation reservation(String reservationId, List<Instance> rows, String region) {
        Map<String, Ec2Launch> all = launches.all();
        Map<String, Map<String, String>> allTags = tags.tagsOf(TaggedResource.INSTANCE);
        return new Ec2Model.Reservation(reservationId, views.ownerId(), List.of(), rows.stream()
                .map(i -> views.view(i, all.get(i.id), allTags.getOrDefault(i.id, Map.of()), region)).toList());
    }

    /** Checked here too, so a DryRun refuses user data that the launch itself would refuse. */
    private String decodeUserData(String encoded) {
        return new String(userDataBytes(encoded), StandardCharsets.UTF_8);
    }

    /** The user data byte for byte (it may be gzip), checked as RunInstances checks it. */
    private byte[] userDataBytes(String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new Ec2Exception("InvalidParameterValue", "Invalid BASE64 encoding of user data.");
        }
        if (bytes.length > instanceConfig.maxUserDataBytes()) {
            throw new Ec2Exception("InvalidParameterValue", "User data is " + bytes.length + " bytes; at most "
                    + instanceConfig.maxUserDataBytes() + " bytes are accepted.");
        }
        return bytes;
    }

    /** TagSpecification for the instance; volumes and network interfaces have no tags of their own here. */
    private static Map<String, String> instanceTags(QueryParams p) {
        Map<String, String> result = new LinkedHashMap<>();
        for (QueryParams spec : p.structs("TagSpecification")) {
            String type = spec.get("ResourceType").orElse("instance");
            switch (type) {
                case "instance" -> result.putAll(spec.tags("Tag"));
                case "volume", "network-interface" -> {
                }
                default -> throw new Ec2Exception("InvalidParameterValue", "'" + type + "' is not a valid taggable "
                        + "resource type for this operation.");
            }
        }
        result.forEach(TagService::validate);
        if (result.size() > TagService.MAX_TAGS) {
            throw new Ec2Exception("TagLimitExceeded", "at most " + TagService.MAX_TAGS + " tags per resource");
        }
        return result;
    }

    /** The instances named by InstanceId.N, each checked and found, or the error EC2 gives for the first bad id. */
    private List<Instance> named(List<String> ids) {
        List<String> missing = new ArrayList<>();
        List<Instance> found = new ArrayList<>();
        for (String id : ids) {
            if (!INSTANCE_ID.matcher(id).matches()) {
                throw new Ec2Exception("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
            }
        }
        for (String id : ids) {
            try {
                found.add(instances.get(id));
            } catch (DomainException e) {
                if (!e.is(InstanceErrors.NOT_FOUND)) {
                    throw e;
                }
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw new Ec2Exception("InvalidInstanceID.NotFound", (missing.size() == 1 ? "The instance ID '"
                    : "The instance IDs '") + String.join(", ", missing) + (missing.size() == 1 ? "' does not exist"
                            : "' do not exist"));
        }
        return found;
    }

    Record describeInstances(Ec2Request request) {
        QueryParams p = request.params();
        Map<String, List<String>> filters = p.filters();
        Ec2Filters.requireKnown(filters, FILTERS, true);
        List<String> ids = p.list("InstanceId");
        if (!ids.isEmpty() && p.has("MaxResults")) {
            throw new Ec2Exception("InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults");
        }
        List<Instance> rows = ids.isEmpty() ? visible(instances.list(Optional.empty())) : named(ids);
        Map<String, Ec2Launch> all = launches.all();
        Map<String, Map<String, String>> allTags = tags.tagsOf(TaggedResource.INSTANCE);
        List<Ec2Model.Instance> matching = new ArrayList<>();
        Map<String, String> reservationOf = new LinkedHashMap<>();
        for (Instance row : rows) {
            Ec2Launch launch = all.get(row.id);
            Map<String, String> rowTags = allTags.getOrDefault(row.id, Map.of());
            Ec2Model.Instance view = views.view(row, launch, rowTags, request.region());
            String reservation = InstanceViews.reservationId(row.id, launch);
            if (Ec2Filters.matches(filters, view, (v, f) -> attribute(v, f, reservation), rowTags)) {
                matching.add(view);
                reservationOf.put(row.id, reservation);
            }
        }
        Ec2Filters.Page<Ec2Model.Instance> page = Ec2Filters.page(matching, p.integer("MaxResults"),
                p.get("NextToken"), 5, 1000);
        Map<String, List<Ec2Model.Instance>> grouped = new LinkedHashMap<>();
        page.items().forEach(v -> grouped.computeIfAbsent(reservationOf.get(v.instanceId()), r -> new ArrayList<>())
                .add(v));
        List<Ec2Model.Reservation> reservations = grouped.entrySet().stream()
                .map(e -> new Ec2Model.Reservation(e.getKey(), views.ownerId(), List.of(), e.getValue())).toList();
        return new Ec2Model.DescribeInstancesResult(reservations, page.nextToken());
    }

    private static List<Instance> visible(List<Instance> rows) {
        Instant cutoff = Instant.now().minus(TERMINATED_VISIBLE);
        return rows.stream().filter(i -> i.status != InstanceStatus.TERMINATED || i.terminatedAt == null
                || i.terminatedAt.isAfter(cutoff)).toList();
    }

    private static List<String> attribute(Ec2Model.Instance v, String filter, String reservation) {
        String value = switch (filter) {
            case "instance-id" -> v.instanceId();
            case "instance-state-name" -> v.instanceState().name();
            case "instance-state-code" -> String.valueOf(v.instanceState().code());
            case "instance-type" -> v.instanceType();
            case "image-id" -> v.imageId();
            case "key-name" -> v.keyName();
            case "private-ip-address", "ip-address" -> v.privateIpAddress();
            case "reservation-id" -> reservation;
            case "availability-zone" -> v.placement().availabilityZone();
            case "vpc-id" -> v.vpcId();
            case "subnet-id" -> v.subnetId();
            case "private-dns-name" -> v.privateDnsName();
            case "client-token" -> v.clientToken();
            default -> String.valueOf(v.amiLaunchIndex());
        };
        return value == null ? List.of() : List.of(value);
    }

    /** Start, stop and terminate: all ids are checked before anything changes; a no-op answers its state. */
    Record changeStates(Ec2Request request, String action) {
        List<String> ids = request.params().list("InstanceId");
        if (ids.isEmpty()) {
            throw Ec2Exception.missing("InstanceId");
        }
        List<Instance> rows = named(ids);
        if (action.equals("terminate")) {
            Map<String, Ec2Launch> all = launches.all();
            for (Instance row : rows) {
                Ec2Launch launch = all.get(row.id);
                if (launch != null && launch.disableApiTermination && row.status != InstanceStatus.TERMINATED) {
                    throw new Ec2Exception("OperationNotPermitted", "The instance '" + row.id + "' may not be "
                            + "terminated. Modify its 'disableApiTermination' instance attribute and try again.");
                }
            }
        }
        request.dryRunCheck();
        List<Ec2Model.InstanceStateChange> changes = new ArrayList<>();
        for (Instance row : rows) {
            Ec2Model.InstanceState previous = InstanceViews.state(row.status);
            Instance after = switch (action) {
                case "start" -> row.status == InstanceStatus.RUNNING || row.status == InstanceStatus.PENDING ? row
                        : instances.start(row.id);
                case "stop" -> row.status == InstanceStatus.STOPPED || row.status == InstanceStatus.STOPPING ? row
                        : instances.stop(row.id);
                default -> row.status == InstanceStatus.TERMINATED ? row : instances.terminate(row.id);
            };
            changes.add(new Ec2Model.InstanceStateChange(row.id, InstanceViews.state(after.status), previous));
        }
        return new Ec2Model.StateChanges(changes);
    }

    Record rebootInstances(Ec2Request request) {
        List<String> ids = request.params().list("InstanceId");
        if (ids.isEmpty()) {
            throw Ec2Exception.missing("InstanceId");
        }
        List<Instance> rows = named(ids);
        request.dryRunCheck();
        rows.forEach(row -> instances.reboot(row.id));
        return new Ec2Model.Return(true);
    }

    Record describeInstanceStatus(Ec2Request request) {
        QueryParams p = request.params();
        Map<String, List<String>> filters = p.filters();
        Ec2Filters.requireKnown(filters, Set.of("instance-id", "instance-state-name", "instance-state-code",
                "availability-zone", "instance-status.status", "system-status.status"), false);
        List<String> ids = p.list("InstanceId");
        boolean all = p.bool("IncludeAllInstances");
        List<Instance> rows = ids.isEmpty() ? visible(instances.list(Optional.empty())) : named(ids);
        String zone = AccountActions.zone(request.region());
        List<Ec2Model.InstanceStatus> statuses = rows.stream()
                .filter(i -> all || i.status == InstanceStatus.RUNNING)
                .map(i -> {
                    boolean running = i.status == InstanceStatus.RUNNING;
                    Ec2Model.InstanceStatusSummary summary = running
                            ? new Ec2Model.InstanceStatusSummary(List.of(new Ec2Model.InstanceStatusDetails(
                                    "reachability", "passed")), "ok")
                            : new Ec2Model.InstanceStatusSummary(List.of(), "not-applicable");
                    return new Ec2Model.InstanceStatus(i.id, zone, InstanceViews.state(i.status), summary, summary);
                })
                .filter(s -> Ec2Filters.matches(filters, s, (v, f) -> List.of(switch (f) {
                    case "instance-id" -> v.instanceId();
                    case "instance-state-name" -> v.instanceState().name();
                    case "instance-state-code" -> String.valueOf(v.instanceState().code());
                    case "availability-zone" -> v.availabilityZone();
                    case "instance-status.status" -> v.instanceStatus().status();
                    default -> v.systemStatus().status();
                }), Map.of()))
                .toList();
        Ec2Filters.Page<Ec2Model.InstanceStatus> page = Ec2Filters.page(statuses, p.integer("MaxResults"),
                p.get("NextToken"), 5, 1000);
        return new Ec2Model.DescribeInstanceStatusResult(page.items(), page.nextToken());
    }

    Record getConsoleOutput(Ec2Request request) {
        String id = request.params().required("InstanceId");
        named(List.of(id));
        String output = instances.consoleTail(id);
        return new Ec2Model.ConsoleOutput(id, Instant.now(),
                Base64.getEncoder().encodeToString(output.getBytes(StandardCharsets.UTF_8)));
    }

    record InstanceCreditSpecification(String instanceId, String cpuCredits) {
    }

    record DescribeInstanceCreditSpecificationsResult(List<InstanceCreditSpecification> instanceCreditSpecificationSet,
            String nextToken) {
    }

    /** Every type here is a t2, and t2 instances earn CPU credits in standard mode unless told otherwise. */
    Record describeInstanceCreditSpecifications(Ec2Request request) {
        QueryParams p = request.params();
        Map<String, List<String>> filters = p.filters();
        Ec2Filters.requireKnown(filters, Set.of("instance-id"), false);
        List<String> ids = p.list("InstanceId");
        if (!ids.isEmpty() && p.has("MaxResults")) {
            throw new Ec2Exception("InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults");
        }
        List<Instance> rows = ids.isEmpty() ? instances.list(Optional.empty()).stream()
                .filter(i -> i.status != InstanceStatus.TERMINATED).toList() : named(ids);
        List<InstanceCreditSpecification> specs = rows.stream()
                .map(i -> new InstanceCreditSpecification(i.id, "standard"))
                .filter(c -> Ec2Filters.matches(filters, c, (v, f) -> List.of(v.instanceId()), Map.of()))
                .toList();
        Ec2Filters.Page<InstanceCreditSpecification> page = Ec2Filters.page(specs, p.integer("MaxResults"),
                p.get("NextToken"), 5, 1000);
        return new DescribeInstanceCreditSpecificationsResult(page.items(), page.nextToken());
    }

    record AttributeValue(String value) {
    }

    record BooleanValue(Boolean value) {
    }

    record InstanceAttribute(String instanceId, AttributeValue instanceType, AttributeValue userData,
            BooleanValue disableApiTermination, AttributeValue instanceInitiatedShutdownBehavior,
            AttributeValue rootDeviceName, BooleanValue disableApiStop, BooleanValue ebsOptimized) {
    }

    Record describeInstanceAttribute(Ec2Request request) {
        String id = request.params().required("InstanceId");
        String attribute = request.params().required("Attribute");
        Instance row = named(List.of(id)).get(0);
        Ec2Launch launch = launches.find(id);
        Function<String, InstanceAttribute> only = name -> switch (name) {
            case "instanceType" -> new InstanceAttribute(id, new AttributeValue(row.instanceType), null, null, null,
                    null, null, null);
            case "userData" -> new InstanceAttribute(id, null, new AttributeValue(row.userData == null ? null
                    : Base64.getEncoder().encodeToString(row.userData)), null, null, null, null, null);
            case "disableApiTermination" -> new InstanceAttribute(id, null, null,
                    new BooleanValue(launch != null && launch.disableApiTermination), null, null, null, null);
            case "instanceInitiatedShutdownBehavior" -> new InstanceAttribute(id, null, null, null,
                    new AttributeValue("stop"), null, null, null);
            case "rootDeviceName" -> new InstanceAttribute(id, null, null, null, null, new AttributeValue("/dev/vda"),
                    null, null);
            case "disableApiStop" -> new InstanceAttribute(id, null, null, null, null, null, new BooleanValue(false),
                    null);
            case "ebsOptimized" -> new InstanceAttribute(id, null, null, null, null, null, null,
                    new BooleanValue(false));
            default -> throw new Ec2Exception("InvalidParameterValue", "Value (" + name + ") for parameter "
                    + "attribute is invalid. Unknown or unsupported attribute.");
        };
        return only.apply(attribute);
    }

    /**
     * One attribute per request, as on EC2 (InvalidParameterCombination otherwise), given either as
     * {@code <Attribute>.Value} or as {@code Attribute} + {@code Value}. The type and user data change on a stopped
     * instance only (IncorrectInstanceState); the next start uses them.
     */
    Record modifyInstanceAttribute(Ec2Request request) {
        QueryParams p = request.params();
        String id = p.required("InstanceId");
        named(List.of(id));
        Map<String, String> given = new LinkedHashMap<>();
        for (String attribute : MODIFIABLE) {
            String member = Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1);
            p.get(member + ".Value").ifPresent(v -> given.put(attribute, v));
        }
        p.get("Attribute").ifPresent(a -> given.put(a, p.get("Value").orElseThrow(() -> Ec2Exception.missing("Value"))));
        for (String other : List.of("SourceDestCheck.Value", "Kernel.Value", "Ramdisk.Value", "SriovNetSupport.Value",
                "EnaSupport.Value", "EbsOptimized.Value", "GroupId.1", "BlockDeviceMapping.1.DeviceName")) {
            if (p.has(other)) {
                given.put(other.substring(0, other.indexOf('.')), p.get(other).orElse(""));
            }
        }
        if (given.isEmpty()) {
            throw new Ec2Exception("MissingParameter", "No attribute specified.");
        }
        if (given.size() > 1) {
            throw new Ec2Exception("InvalidParameterCombination", "Fields for multiple attribute types specified: "
                    + String.join(", ", given.keySet()));
        }
        Map.Entry<String, String> change = given.entrySet().iterator().next();
        String value = change.getValue();
        switch (change.getKey()) {
            case "instanceType" -> {
                if (InstanceType.byName(value).isEmpty()) {
                    throw new Ec2Exception("InvalidParameterValue", "Invalid value '" + value + "' for InstanceType.");
                }
                request.dryRunCheck();
                instances.changeType(id, value);
            }
            case "userData" -> {
                byte[] bytes = userDataBytes(value);
                request.dryRunCheck();
                instances.changeUserData(id, bytes);
            }
            case "disableApiTermination" -> {
                boolean disable = bool("DisableApiTermination", value);
                request.dryRunCheck();
                launches.setDisableApiTermination(id, disable);
            }
            case "disableApiStop" -> {
                // the API may always stop an instance here: asking for that is a no-op, forbidding it is not offered
                if (bool("DisableApiStop", value)) {
                    throw new Ec2Exception("UnsupportedOperation", "disableApiStop cannot be enabled here; the API "
                            + "can always stop an instance.");
                }
                request.dryRunCheck();
            }
            case "instanceInitiatedShutdownBehavior" -> {
                if (!value.equals("stop") && !value.equals("terminate")) {
                    throw new Ec2Exception("InvalidParameterValue", "Invalid value '" + value
                            + "' for instanceInitiatedShutdownBehavior; use stop or terminate.");
                }
                if (value.equals("terminate")) {
                    throw new Ec2Exception("UnsupportedOperation", "instanceInitiatedShutdownBehavior is always "
                            + "stop here: a guest that powers itself off is stopped.");
                }
                request.dryRunCheck();
            }
            default -> throw new Ec2Exception("UnsupportedOperation", "ModifyInstanceAttribute cannot change "
                    + change.getKey() + " here; instanceType, userData, disableApiTermination, disableApiStop (false) "
                    + "and instanceInitiatedShutdownBehavior (stop) can be modified.");
        }
        return new Ec2Model.Return(true);
    }

    private static boolean bool(String name, String value) {
        return new QueryParams(Map.of(name, value)).bool(name);
    }
}
