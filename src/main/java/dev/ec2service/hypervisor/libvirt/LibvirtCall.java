package dev.ec2service.hypervisor.libvirt;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;

@FunctionalInterface
interface LibvirtCall<T> {
    T apply(Connect connect) throws LibvirtException;
}
