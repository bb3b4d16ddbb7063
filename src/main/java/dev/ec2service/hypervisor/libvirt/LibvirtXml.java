package dev.ec2service.hypervisor.libvirt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import dev.ec2service.hypervisor.HypervisorException;
import java.io.IOException;

/**
 * Reads and writes libvirt XML through typed models, so user-supplied text is always escaped by
 * the writer and never spliced into markup.
 */
final class LibvirtXml {

    private static final XmlMapper MAPPER = XmlMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private LibvirtXml() {
    }

    static String write(Object model) {
        try {
            return MAPPER.writeValueAsString(model);
        } catch (IOException e) {
            throw new HypervisorException("cannot write libvirt XML: " + e.getMessage(), e);
        }
    }

    /** A model with no root element of its own (one device of a domain, say) under the given root name. */
    static String write(Object model, String root) {
        try {
            return MAPPER.writer().withRootName(root).writeValueAsString(model);
        } catch (IOException e) {
            throw new HypervisorException("cannot write libvirt XML: " + e.getMessage(), e);
        }
    }

    static <T> T read(String xml, Class<T> type) {
        try {
            return MAPPER.readValue(xml, type);
        } catch (IOException e) {
            throw new HypervisorException("cannot read libvirt XML: " + e.getMessage(), e);
        }
    }
}
