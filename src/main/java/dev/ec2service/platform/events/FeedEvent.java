package dev.ec2service.platform.events;

import java.time.Instant;

/**
 * One message of the events feed as it travels (snake_case JSON): {@code seq} orders the changes, {@code type}
 * names what changed ({@link EventType}), {@code id} which resource (absent for host samples and control
 * messages), {@code data} its state after the change (absent when it was deleted, see {@code deleted}).
 */
public record FeedEvent(long seq, String type, String id, Boolean deleted, Object data, Instant at) {
}
