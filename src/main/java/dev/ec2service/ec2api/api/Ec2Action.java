package dev.ec2service.ec2api.api;

/** One EC2 action: reads its parameters, answers the record the writer turns into {@code <ActionResponse>}. */
@FunctionalInterface
public interface Ec2Action {
    Record handle(Ec2Request request);
}
