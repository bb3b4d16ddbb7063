package dev.ec2service.platform.db;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;

/** SQLite has no timestamp type: instants are stored as ISO-8601 UTC text, readable with the sqlite3 shell. */
@Converter(autoApply = true)
public class InstantText implements AttributeConverter<Instant, String> {

    @Override
    public String convertToDatabaseColumn(Instant value) {
        return value == null ? null : value.toString();
    }

    @Override
    public Instant convertToEntityAttribute(String value) {
        return value == null ? null : Instant.parse(value);
    }
}
