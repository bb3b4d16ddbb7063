package dev.ec2service.tag.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One key/value tag of an instance, image or key pair, as EC2 and REST show it. */
@Entity
@Table(name = "tags")
public class ResourceTag extends PanacheEntityBase {

    /** Derived from type, resource and key (see {@link #idOf}), so a tag is set by an upsert without a lookup. */
    @Id
    public String id;

    @Column(name = "resource_type", nullable = false)
    public String resourceType;

    @Column(name = "resource_id", nullable = false)
    public String resourceId;

    @Column(name = "tag_key", nullable = false)
    public String key;

    @Column(name = "tag_value", nullable = false)
    public String value;

    /** Length-prefixed, so no resource id or key can make two tags share an id. */
    public static String idOf(String type, String resourceId, String key) {
        return type + ":" + resourceId.length() + ":" + resourceId + ":" + key;
    }
}
