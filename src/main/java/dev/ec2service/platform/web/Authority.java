package dev.ec2service.platform.web;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The host and port of a {@code Host} header or of an origin, parsed strictly: anything a browser
 * would not send (user info, paths, spaces, a port out of range, stray characters) does not parse,
 * so it can never be mistaken for a permitted name.
 */
record Authority(String host, int port) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    /**
     * Parses {@code host[:port]}, {@code [v6][:port]} or a bare IPv6 literal; {@code defaultPort}
     * stands in for a missing port. Names are lower-cased (host names are case-insensitive).
     */
    static Optional<Authority> parse(String text, int defaultPort) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.toLowerCase(Locale.ROOT);
        String host;
        String port;
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0 || !IPV6.matcher(t.substring(1, end)).matches()) {
                return Optional.empty();
            }
            host = t.substring(0, end + 1);
            String rest = t.substring(end + 1);
            if (rest.isEmpty()) {
                port = null;
            } else if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else {
                return Optional.empty();
            }
        } else if (t.indexOf(':') != t.lastIndexOf(':')) {
            // more than one colon: only a bare IPv6 literal, which cannot carry a port
            if (!IPV6.matcher(t).matches()) {
                return Optional.empty();
            }
            host = t;
            port = null;
        } else {
            int colon = t.indexOf(':');
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
            if (!NAME.matcher(host).matches()) {
                return Optional.empty();
            }
        }
        if (port == null) {
            return Optional.of(new Authority(host, defaultPort));
        }
        if (!PORT.matcher(port).matches()) {
            return Optional.empty();
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535 ? Optional.of(new Authority(host, number)) : Optional.empty();
    }

    /**
     * True only for names that cannot point anywhere but this machine whatever DNS says: the name
     * {@code localhost}, {@code [::1]} (bare {@code ::1}) and dotted-quad literals in 127.0.0.0/8 written
     * canonically (four decimal octets 0-255 without leading zeros, which some resolvers read as octal).
     * {@code 127.0.0.1.example} or {@code foo.localhost} are ordinary DNS names an attacker can point
     * at us (DNS rebinding) and are not loopback.
     */
    static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.equals("[::1]") || host.equals("::1")) {
            return true;
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!OCTET.matcher(octet).matches() || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return octets[0].equals("127");
    }
}
