package dev.ec2service.instance.service;

import dev.ec2service.image.port.ImageUsage;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Answers the image feature's question from the instance table: every instance not terminated uses its image. */
@ApplicationScoped
class InstanceImageUsage implements ImageUsage {

    private final PreparedLaunches prepared;

    InstanceImageUsage(PreparedLaunches prepared) {
        this.prepared = prepared;
    }

    /** Never fails the deletion: what cannot be removed now goes at the next refill, which needs a usable image. */
    @Override
    public void letGo(String imageId) {
        try {
            prepared.discardFrom(imageId);
        } catch (RuntimeException e) {
            Log.warnf("what was prepared from image %s is removed later: %s", imageId, e.getMessage());
        }
    }

    @Override
    @Transactional
    public Users users(String imageId, int sample) {
        PanacheQuery<Instance> users = Instance.find("imageId = ?1 and status <> ?2", Sort.by("id"), imageId,
                InstanceStatus.TERMINATED);
        long count = users.count();
        List<String> ids = count == 0 ? List.of() : users.page(0, sample).list().stream().map(i -> i.id).toList();
        return new Users(count, ids);
    }
}
