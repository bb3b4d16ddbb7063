package dev.ec2service.instance.domain;

import io.quarkus.logging.Log;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/**
 * The status column, stored as the enum's name. A value the service did not write (a database edited by hand, a
 * newer version's status after a downgrade) reads as {@link InstanceStatus#ERROR} instead of failing the whole
 * query: one odd row must not break every list, the lease poll and the reconcile, and an instance in error can
 * still be inspected and terminated. The spelling the API uses ({@code shutting-down}) is read too.
 */
@Converter
public class InstanceStatusColumn implements AttributeConverter<InstanceStatus, String> {

    @Override
    public String convertToDatabaseColumn(InstanceStatus status) {
        return status == null ? null : status.name();
    }

    @Override
    public InstanceStatus convertToEntityAttribute(String stored) {
        return read(stored);
    }

    /** A stored status as the service understands it; also for queries that read the column themselves. */
    public static InstanceStatus read(String stored) {
        if (stored == null) {
            return null;
        }
        String name = stored.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (InstanceStatus status : InstanceStatus.values()) {
            if (status.name().equals(name)) {
                return status;
            }
        }
        Log.warnf("an instance row has the unknown status '%s'; it is treated as error", stored);
        return InstanceStatus.ERROR;
    }
}
