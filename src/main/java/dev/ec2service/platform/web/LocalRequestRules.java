package dev.ec2service.platform.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The decisions of {@link LocalRequestGuard}, free of Vert.x so they can be tested as plain logic.
 *
 * <ul>
 * <li>Host: every request must be addressed to a loopback name ({@link Authority#isLoopback}) or a
 * configured host. A DNS name that merely starts with {@code 127.} is what DNS rebinding uses.</li>
 * <li>Origin: a state-changing request (any method but GET, HEAD, OPTIONS, and a GET that acts) or an
 * upgrade that carries an Origin must come from exactly the origin the request is addressed to, or a
 * configured one.
 * Another port on localhost is a different origin (another program); {@code Origin: null} (sandboxed
 * frames, file pages, some redirects) is nobody we know.</li>
 * <li>Sec-Fetch-Site: browsers mark requests made by other sites; such a state change is refused even
 * when an older browser left out Origin. {@code same-site} (e.g. another port on the same host) must
 * still pass the Origin check, so it is refused when there is no Origin to check.</li>
 * </ul>
 * Requests without Origin or Sec-Fetch-Site come from programs such as curl, not from a page, and pass.
 */
final class LocalRequestRules {

    enum Verdict {
        ALLOW, FOREIGN_HOST, FOREIGN_ORIGIN, CROSS_SITE
    }

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final List<String> extraHosts;
    private final List<String> extraOrigins;

    LocalRequestRules(List<String> extraHosts, List<String> extraOrigins) {
        this.extraHosts = extraHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        this.extraOrigins = extraOrigins.stream().map(LocalRequestRules::normaliseOrigin).toList();
    }

    /**
     * @param changesState whether the request changes state whatever its method: a protocol upgrade (a
     *        WebSocket handshake is a GET) or a GET that acts (see StateChangingRequests)
     */
    Verdict judge(String method, String host, String origin, boolean changesState, String fetchSite) {
        if (!hostAllowed(host)) {
            return Verdict.FOREIGN_HOST;
        }
        if (!changesState && SAFE.contains(method)) {
            return Verdict.ALLOW;
        }
        boolean configuredOrigin = origin != null && extraOrigins.contains(normaliseOrigin(origin));
        String site = fetchSite == null ? "" : fetchSite.trim().toLowerCase(Locale.ROOT);
        if (site.equals("cross-site") && !configuredOrigin) {
            return Verdict.CROSS_SITE;
        }
        if (origin == null) {
            return site.equals("same-site") ? Verdict.CROSS_SITE : Verdict.ALLOW;
        }
        return configuredOrigin || sameOrigin(origin, host) ? Verdict.ALLOW : Verdict.FOREIGN_ORIGIN;
    }

    boolean hostAllowed(String host) {
        return Authority.parse(host, 80)
                .map(a -> Authority.isLoopback(a.host()) || extraHosts.contains(a.host()))
                .orElse(false);
    }

    /** The page's origin is the very authority the request was sent to, over http (the service has no TLS). */
    static boolean sameOrigin(String origin, String host) {
        Optional<Authority> target = Authority.parse(host, 80);
        String o = normaliseOrigin(origin);
        if (target.isEmpty() || !o.startsWith("http://")) {
            return false;
        }
        return Authority.parse(o.substring("http://".length()), 80).equals(target);
    }

    private static String normaliseOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
