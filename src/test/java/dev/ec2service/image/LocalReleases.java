package dev.ec2service.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for cloud-images.ubuntu.com on 127.0.0.1: serves whatever files a test puts in it,
 * honours {@code Range}, and can misbehave on purpose (drop connections, hold a transfer). The
 * catalogue's base URL points here for every test, so nothing is ever fetched from the internet.
 */
public class LocalReleases implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    /** One request the server saw. */
    public record Request(String method, String path, String range) {
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger drops = new AtomicInteger();
    private volatile long dropAfter;
    private volatile long holdAfter = -1;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean unannounced;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        return Map.of(
                "ec2.images.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/releases",
                "ec2.images.download.attempts", "3",
                "ec2.images.download.retry-delay", "50ms",
                "ec2.images.download.progress-save-interval", "100ms");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(Inject.class, LocalReleases.class));
    }

    /** Forgets every file, request and misbehaviour. */
    public void reset() {
        files.clear();
        requests.clear();
        drops.set(0);
        holdAfter = -1;
        unannounced = false;
        gate.countDown();
    }

    /** Image files are sent chunked, their size said neither to HEAD nor to GET (as some mirrors and proxies do). */
    public void unannouncedSizes() {
        unannounced = true;
    }

    /** Serves {@code content} at {@code /releases/<path>}. */
    public void serve(String path, byte[] content) {
        files.put("/releases/" + path, content);
    }

    /** The next {@code times} transfers of an image file send {@code bytes} bytes and then drop the connection. */
    public void dropConnections(int times, long bytes) {
        dropAfter = bytes;
        drops.set(times);
    }

    /** Transfers of image files pause after {@code bytes} bytes until the returned latch is counted down. */
    public CountDownLatch holdAfter(long bytes) {
        gate = new CountDownLatch(1);
        holdAfter = bytes;
        return gate;
    }

    /** The GET requests for a file. */
    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.method().equals("GET") && r.path().equals("/releases/" + path)).toList();
    }

    /** Every request for a file, HEAD included. */
    public List<Request> allRequests(String path) {
        return requests.stream().filter(r -> r.path().equals("/releases/" + path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(new Request(exchange.getRequestMethod(), path, range));
        byte[] content = files.get(path);
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        boolean image = path.endsWith(".img");
        if (exchange.getRequestMethod().equals("HEAD")) {
            if (!(image && unannounced)) {
                exchange.getResponseHeaders().add("Content-Length", Integer.toString(content.length));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        int start = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches()) {
            start = Integer.parseInt(m.group(1));
        }
        if (start >= content.length && start > 0) {
            exchange.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
            exchange.sendResponseHeaders(416, -1);
            exchange.close();
            return;
        }
        if (start > 0) {
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        exchange.sendResponseHeaders(start > 0 ? 206 : 200, image && unannounced ? 0 : content.length - start);
        OutputStream out = exchange.getResponseBody();
        // only image files misbehave: the checksum list must arrive for a download to start
        if (image && drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            int end = (int) Math.min(content.length, start + dropAfter);
            out.write(content, start, end - start);
            out.flush();
            // fewer bytes than announced; a handler that throws makes HttpServer close the connection
            throw new IOException("dropping the connection on purpose");
        }
        int from = start;
        if (image && holdAfter >= 0 && holdAfter > start) {
            int end = (int) Math.min(content.length, holdAfter);
            out.write(content, start, end - start);
            out.flush();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            from = end;
        }
        out.write(content, from, content.length - from);
        out.close();
    }
}
