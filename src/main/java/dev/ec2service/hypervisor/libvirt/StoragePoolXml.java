package dev.ec2service.hypervisor.libvirt;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** libvirt's storage pool XML for a directory pool. */
@JacksonXmlRootElement(localName = "pool")
class StoragePoolXml {
    @JacksonXmlProperty(isAttribute = true)
    public String type;
    public String name;
    public Target target;

    static class Target {
        public String path;
    }

    static StoragePoolXml dir(String name, String path) {
        StoragePoolXml xml = new StoragePoolXml();
        xml.type = "dir";
        xml.name = name;
        xml.target = new Target();
        xml.target.path = path;
        return xml;
    }
}
