package dev.ec2service.platform.events.api;

import dev.ec2service.platform.events.ChangeFeed;
import dev.ec2service.platform.events.ClientQueue;
import dev.ec2service.platform.events.EventsConfig;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * {@code WS /api/ws/events?after=N}: every change the service commits, pushed as JSON text frames (see
 * {@link ChangeFeed} and the README's "Events" section for the messages). The client sends nothing. The Host and
 * Origin rules of {@code LocalRequestGuard} apply to the upgrade like to every request, so a page of another
 * site cannot listen.
 *
 * <p>Close codes: 1013 when the client fell more than {@code ec2.events.max-queued-per-client} messages behind
 * (reconnect with {@code ?after=} the last number received).
 */
@WebSocket(path = "/api/ws/events", endpointId = EventsSocket.ENDPOINT_ID)
public class EventsSocket {

    static final String ENDPOINT_ID = "events";
    /** Try Again Later: this client was too slow; what it missed is replayed when it reconnects in time. */
    public static final int TOO_SLOW = 1013;

    private static final UserData.TypedKey<ChangeFeed.Subscription> SUBSCRIPTION =
            new UserData.TypedKey<>("ec2.events.subscription");

    private final ChangeFeed feed;
    private final EventsConfig config;

    EventsSocket(ChangeFeed feed, EventsConfig config) {
        this.feed = feed;
        this.config = config;
    }

    /** Runs on a worker (returns void): it only queues messages, which the event loop then writes. */
    @OnOpen
    void open(WebSocketConnection connection) {
        ClientQueue queue = new ClientQueue(config.maxQueuedPerClient(), new ClientQueue.Sink() {
            @Override
            public CompletionStage<?> send(String message) {
                return connection.sendText(message).subscribeAsCompletionStage();
            }

            @Override
            public void overflow() {
                if (connection.isOpen()) {
                    Log.infof("events client %s too slow; closing it (it may reconnect with ?after=)", connection.id());
                    connection.close(new CloseReason(TOO_SLOW, "too slow: reconnect with ?after=<last seq received>"))
                            .subscribe().with(ok -> {
                            }, failure -> Log.debugf("closing an events socket: %s", failure.getMessage()));
                }
            }
        });
        ChangeFeed.Subscription subscription = feed.subscribe(after(connection.handshakeRequest().query()), queue);
        connection.userData().put(SUBSCRIPTION, subscription);
        // a client gone before the subscription was stored: its close found nothing to end, so end it here
        if (!connection.isOpen()) {
            subscription.close();
        }
    }

    @OnClose
    void close(WebSocketConnection connection) {
        ChangeFeed.Subscription subscription = connection.userData().get(SUBSCRIPTION);
        if (subscription != null) {
            subscription.close();
        }
    }

    @OnError
    void error(WebSocketConnection connection, Throwable failure) {
        Log.debugf("events socket %s: %s", connection.id(), failure.getMessage());
    }

    /** The {@code after} query parameter; anything but a number counts as absent-and-stale (a resync). */
    static OptionalLong after(String query) {
        if (query == null || query.isEmpty()) {
            return OptionalLong.empty();
        }
        List<String> values = new QueryStringDecoder(query, false).parameters().get("after");
        if (values == null || values.isEmpty()) {
            return OptionalLong.empty();
        }
        String value = values.get(0);
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.of(-1);
        }
    }
}
