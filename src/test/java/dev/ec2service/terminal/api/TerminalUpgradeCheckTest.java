package dev.ec2service.terminal.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.quarkus.websockets.next.HttpUpgradeCheck.HttpUpgradeContext;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Where the terminal's upgrade check answers. websockets-next sends the 101 and registers the frame
 * handlers on the thread the answer arrives on; from a worker thread these are two event-loop tasks and
 * a keystroke sent at once can fall between them and be dropped by Vert.x (TerminalTest.typeAhead shows
 * the symptom on real VMs: about one socket in forty lost its first keystrokes before this was fixed).
 */
@QuarkusTest
class TerminalUpgradeCheckTest {

    @Inject
    TerminalUpgradeCheck check;

    @Inject
    Vertx vertx;

    @Test
    @DisplayName("the upgrade check does its blocking lookup on a worker and answers on the request's event loop")
    void answersOnTheCallersEventLoop() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Thread> caller = new CompletableFuture<>();
        CompletableFuture<Thread> answeredOn = new CompletableFuture<>();
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            caller.complete(Thread.currentThread());
            check.perform(new Upgrade("i-00000000", Map.of("cols", "120", "rows", "0"))).subscribe().with(r -> {
                answeredOn.complete(Thread.currentThread());
                result.complete(r);
            }, result::completeExceptionally);
        });
        CheckResult answer = result.get(30, TimeUnit.SECONDS);
        assertThat(answer.getHttpResponseCode()).as("an unknown instance is refused").isEqualTo(404);
        assertThat(answer.getResponseHeaders().get(TerminalUpgradeCheck.PROBLEM_HEADER)).isNotEmpty();
        assertThat(answeredOn.get()).as("answered on the thread of the request's event loop").isSameAs(caller.get());
    }

    @Test
    @DisplayName("the initial terminal size is taken from the upgrade request's query parameters, 80x24 when nonsense")
    void keepsTheInitialSize() {
        Upgrade upgrade = new Upgrade("i-00000000", Map.of("cols", "120", "rows", "0"));
        TerminalSocket.initialSize(upgrade);
        assertThat(upgrade.userData().get(TerminalSocket.COLS)).isEqualTo(120);
        assertThat(upgrade.userData().get(TerminalSocket.ROWS)).isEqualTo(TerminalSocket.DEFAULT_ROWS);
    }

    /** The part of an upgrade request the check reads. */
    private record Upgrade(String id, Map<String, String> query, Map<String, Object> data) implements HttpUpgradeContext {

        Upgrade(String id, Map<String, String> query) {
            this(id, query, new HashMap<>());
        }

        @Override
        public UserData userData() {
            return new UserData() {
                @Override
                @SuppressWarnings("unchecked")
                public <V> V get(TypedKey<V> key) {
                    return (V) data.get(key.value());
                }

                @Override
                @SuppressWarnings("unchecked")
                public <V> V put(TypedKey<V> key, V value) {
                    return (V) data.put(key.value(), value);
                }

                @Override
                @SuppressWarnings("unchecked")
                public <V> V remove(TypedKey<V> key) {
                    return (V) data.remove(key.value());
                }

                @Override
                public int size() {
                    return data.size();
                }

                @Override
                public void clear() {
                    data.clear();
                }
            };
        }

        @Override
        public String pathParam(String name) {
            return "id".equals(name) ? id : null;
        }

        @Override
        public HttpServerRequest httpRequest() {
            // only the decoded query parameters are read
            return (HttpServerRequest) Proxy.newProxyInstance(HttpServerRequest.class.getClassLoader(),
                    new Class<?>[] {HttpServerRequest.class},
                    (proxy, method, args) -> "getParam".equals(method.getName()) ? query.get((String) args[0]) : null);
        }

        @Override
        public Uni<SecurityIdentity> securityIdentity() {
            return Uni.createFrom().nullItem();
        }

        @Override
        public String endpointId() {
            return TerminalSocket.ENDPOINT_ID;
        }
    }
}
