package dev.ec2service.instance.domain;

import java.util.Arrays;
import java.util.Optional;

/** The instance types of REQ-INST-002. */
public enum InstanceType {
    T2_NANO("t2.nano", 1, 512, 8),
    T2_MICRO("t2.micro", 1, 1024, 8),
    T2_SMALL("t2.small", 1, 2048, 20),
    T2_MEDIUM("t2.medium", 2, 4096, 30),
    T2_LARGE("t2.large", 2, 8192, 30);

    private final String apiName;
    private final int vcpus;
    private final int memoryMb;
    private final int diskGb;

    InstanceType(String apiName, int vcpus, int memoryMb, int diskGb) {
        this.apiName = apiName;
        this.vcpus = vcpus;
        this.memoryMb = memoryMb;
        this.diskGb = diskGb;
    }

    public static Optional<InstanceType> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.apiName.equals(name)).findFirst();
    }

    public String apiName() {
        return apiName;
    }

    public int vcpus() {
        return vcpus;
    }

    public int memoryMb() {
        return memoryMb;
    }

    public int diskGb() {
        return diskGb;
    }
}
