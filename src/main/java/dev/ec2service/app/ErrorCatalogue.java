package dev.ec2service.app;

import dev.ec2service.hypervisor.HypervisorErrors;
import dev.ec2service.image.domain.ImageErrors;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.keypair.domain.KeyPairErrors;
import dev.ec2service.metrics.domain.MetricsErrors;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.platform.api.WebErrors;
import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.RequestErrors;
import dev.ec2service.tag.domain.TagErrors;
import dev.ec2service.terminal.domain.TerminalErrors;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every cause the service can refuse a request for, gathered from the classes where each feature declares its
 * codes. This package is the composition root: it may know every feature, and nothing depends on it.
 * {@code ErrorCatalogueTest} fails when a class declaring codes is missing here.
 */
public final class ErrorCatalogue {

    static final List<Class<?>> DECLARING_CLASSES = List.of(WebErrors.class, RequestErrors.class,
            HypervisorErrors.class, InstanceErrors.class, ImageErrors.class, KeyPairErrors.class, NetworkErrors.class,
            TagErrors.class, TerminalErrors.class, MetricsErrors.class);

    private ErrorCatalogue() {
    }

    /** The codes, one per problem type and title, in declaration order. */
    public static List<ErrorCode> all() {
        Map<ErrorCode, Boolean> codes = new LinkedHashMap<>();
        for (Class<?> type : DECLARING_CLASSES) {
            declaredIn(type).forEach(code -> codes.put(code, true));
        }
        return new ArrayList<>(codes.keySet());
    }

    static List<ErrorCode> declaredIn(Class<?> type) {
        List<ErrorCode> codes = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ErrorCode.class) {
                try {
                    codes.add((ErrorCode) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("error codes are public constants: " + field, e);
                }
            }
        }
        return codes;
    }
}
