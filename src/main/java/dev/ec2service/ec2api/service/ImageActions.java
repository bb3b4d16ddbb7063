package dev.ec2service.ec2api.service;

import dev.ec2service.ec2api.api.Ec2Action;
import dev.ec2service.ec2api.api.Ec2Actions;
import dev.ec2service.ec2api.api.Ec2Exception;
import dev.ec2service.ec2api.api.Ec2Request;
import dev.ec2service.ec2api.config.Ec2ApiConfig;
import dev.ec2service.ec2api.model.Ec2Model;
import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageStatus;
import dev.ec2service.image.service.ImageService;
import dev.ec2service.platform.arch.Arch;
import dev.ec2service.tag.domain.TaggedResource;
import dev.ec2service.tag.service.TagService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** DescribeImages over our catalogue and imported images, each with a stable {@code ami-} id. */
@ApplicationScoped
public class ImageActions implements Ec2Actions {

    private static final Set<String> FILTERS = Set.of("image-id", "name", "architecture", "state", "owner-id",
            "image-type", "is-public", "root-device-type", "virtualization-type", "description");

    private final ImageService images;
    private final TagService tags;
    private final Ec2ApiConfig config;

    ImageActions(ImageService images, TagService tags, Ec2ApiConfig config) {
        this.images = images;
        this.tags = tags;
        this.config = config;
    }

    @Override
    public Map<String, Ec2Action> actions() {
        return Map.of("DescribeImages", this::describeImages);
    }

    /** Our image for an {@code ami-} id or a plain image id. */
    public Optional<Image> find(String id) {
        return images.list().stream().filter(i -> i.id.equals(id) || Ec2Ids.ami(i.id).equals(id)).findFirst();
    }

    /** The image, or InvalidAMIID.NotFound / .Malformed as EC2 names them. */
    public Image require(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    private static Ec2Exception notFound(String id) {
        if (id.startsWith("ami-") && !id.matches("ami-[0-9a-f]{8,17}")) {
            return new Ec2Exception("InvalidAMIID.Malformed", "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
        }
        return new Ec2Exception("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
    }

    Record describeImages(Ec2Request request) {
        Map<String, List<String>> filters = request.params().filters();
        Ec2Filters.requireKnown(filters, FILTERS, true);
        List<String> ids = request.params().list("ImageId");
        List<String> owners = request.params().list("Owner");
        List<Image> all = images.list();
        List<Image> wanted = new ArrayList<>();
        if (ids.isEmpty()) {
            wanted.addAll(all);
        } else {
            for (String id : ids) {
                wanted.add(require(id));
            }
        }
        Map<String, Map<String, String>> allTags = tags.tagsOf(TaggedResource.IMAGE);
        List<Ec2Model.Image> result = wanted.stream()
                .filter(i -> owners.isEmpty() || owners.stream().anyMatch(o -> o.equals("self")
                        || o.equals(config.accountId()) || o.equals("amazon") && i.fromCatalog()))
                .map(i -> view(i, allTags.getOrDefault(i.id, Map.of())))
                .filter(v -> Ec2Filters.matches(filters, v, ImageActions::attribute,
                        Ec2Filters.tagsOf(v.tagSet())))
                .toList();
        Ec2Filters.Page<Ec2Model.Image> page = Ec2Filters.page(result, request.params().integer("MaxResults"),
                request.params().get("NextToken"), 1, 1000);
        return new Ec2Model.DescribeImagesResult(page.items(), page.nextToken());
    }

    private static List<String> attribute(Ec2Model.Image i, String filter) {
        return List.of(String.valueOf(switch (filter) {
            case "image-id" -> i.imageId();
            case "name" -> i.name();
            case "architecture" -> i.architecture();
            case "state" -> i.imageState();
            case "owner-id" -> i.imageOwnerId();
            case "image-type" -> i.imageType();
            case "is-public" -> i.isPublic();
            case "root-device-type" -> i.rootDeviceType();
            case "virtualization-type" -> i.virtualizationType();
            default -> i.description();
        }));
    }

    private Ec2Model.Image view(Image image, Map<String, String> imageTags) {
        var state = images.state(image);
        String ec2State = switch (state.status()) {
            case AVAILABLE -> "available";
            case DOWNLOADING -> "pending";
            case ERROR -> "failed";
            case MISSING -> "unavailable";
        };
        return new Ec2Model.Image(Ec2Ids.ami(image.id), image.filePath, ec2State, config.accountId(),
                image.createdAt == null ? null : image.createdAt.toString(), false, architecture(image.arch), "machine",
                image.id, image.description, "ebs", "/dev/vda", "hvm", "Linux/UNIX", "RunInstances",
                Ec2Filters.tagList(imageTags), state.status() == ImageStatus.AVAILABLE ? null
                        : new Ec2Model.StateReason("Client.ImageUnavailable", state.detail() == null
                                ? "the image's file is not available; pull it with make image IMAGE=" + image.id
                                : state.detail()));
    }

    static String architecture(String arch) {
        return Arch.parse(arch).orElse(Arch.X86_64).ec2Name();
    }
}
