package dev.ec2service.network.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The transport a port forward relays. Only TCP for now; UDP is named so that asking for it is refused plainly. */
public enum ForwardProtocol {
    TCP;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ForwardProtocol> of(String wire) {
        return Arrays.stream(values()).filter(p -> p.wire().equals(wire)).findFirst();
    }
}
