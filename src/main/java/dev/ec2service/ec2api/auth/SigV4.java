package dev.ec2service.ec2api.auth;

import dev.ec2service.ec2api.api.Ec2Exception;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, from the {@code Authorization} header or a presigned query. {@link #parse} reads who
 * signed and for which region (enough when any credentials are accepted); {@link #verify} recomputes the
 * signature with the configured secret, as AWS does.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    static final long MAX_EXPIRES_SECONDS = 604_800;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The parts of a request a signature covers. Header names are looked up case-insensitively. */
    public record SignedRequest(String method, String path, String rawQuery, Function<String, List<String>> headers,
            byte[] body) {
    }

    /** What the request says about its signer; {@code signature} is null for an unsigned request. */
    public record Credential(String accessKey, String date, String region, String service, List<String> signedHeaders,
            String signature, String amzDate, boolean presigned, Optional<Long> expiresSeconds) {

        String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    private SigV4() {
    }

    /** The credential of a signed request, or empty when it carries no signature at all. */
    public static Optional<Credential> parse(SignedRequest request) {
        String authorization = first(request, "Authorization");
        if (authorization != null) {
            return Optional.of(fromHeader(authorization, request));
        }
        Map<String, String> query = decodeQuery(request.rawQuery()).stream()
                .collect(java.util.stream.Collectors.toMap(p -> p[0], p -> p[1], (a, b) -> a));
        if (query.containsKey("X-Amz-Credential") || query.containsKey("X-Amz-Signature")) {
            if (!ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
                throw authFailure("Unsupported X-Amz-Algorithm; only " + ALGORITHM + " is accepted.");
            }
            String[] scope = scope(required(query.get("X-Amz-Credential"), "X-Amz-Credential"));
            Optional<Long> expires;
            try {
                expires = Optional.ofNullable(query.get("X-Amz-Expires")).map(Long::parseLong);
            } catch (NumberFormatException e) {
                throw authFailure("X-Amz-Expires must be a number of seconds.");
            }
            return Optional.of(new Credential(scope[0], scope[1], scope[2], scope[3],
                    List.of(required(query.get("X-Amz-SignedHeaders"), "X-Amz-SignedHeaders").split(";")),
                    required(query.get("X-Amz-Signature"), "X-Amz-Signature"),
                    required(query.get("X-Amz-Date"), "X-Amz-Date"), true, expires));
        }
        return Optional.empty();
    }

    /** Recomputes the signature with {@code secretKey}; throws AuthFailure or SignatureDoesNotMatch. */
    public static void verify(SignedRequest request, Credential credential, String accessKey, String secretKey,
            Instant now) {
        if (!MessageDigest.isEqual(credential.accessKey().getBytes(StandardCharsets.UTF_8),
                accessKey.getBytes(StandardCharsets.UTF_8))) {
            throw authFailure("AWS was not able to validate the provided access credentials");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(credential.amzDate()));
        } catch (DateTimeParseException e) {
            throw authFailure("X-Amz-Date '" + credential.amzDate() + "' is not of the form yyyyMMddTHHmmssZ");
        }
        if (!credential.amzDate().startsWith(credential.date())) {
            throw new Ec2Exception("SignatureDoesNotMatch", 403, "The credential scope date does not match X-Amz-Date.");
        }
        if (credential.presigned()) {
            long expires = credential.expiresSeconds().orElse(900L);
            // AWS allows at most seven days; a larger value would overflow Instant arithmetic
            if (expires < 1 || expires > MAX_EXPIRES_SECONDS) {
                throw authFailure("X-Amz-Expires must be between 1 and " + MAX_EXPIRES_SECONDS + " seconds.");
            }
            if (now.isAfter(signedAt.plusSeconds(expires)) || signedAt.isAfter(now.plus(MAX_SKEW))) {
                throw authFailure("The presigned request has expired or is not yet valid (signed at "
                        + credential.amzDate() + ", valid " + expires + " s).");
            }
        } else if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw authFailure("Signature not yet current or expired: signed at " + credential.amzDate()
                    + ", more than 5 minutes from the server's clock (" + AMZ_DATE.format(now) + ").");
        }
        // the signature must cover the body that arrived: a header naming another hash is a swapped body
        String bodyHash = hex(sha256(request.body()));
        String payloadHash = first(request, "x-amz-content-sha256");
        String signedHash = bodyHash;
        if (payloadHash != null) {
            if ("UNSIGNED-PAYLOAD".equals(payloadHash) && credential.presigned() && request.body().length == 0) {
                signedHash = payloadHash;
            } else if (!MessageDigest.isEqual(payloadHash.getBytes(StandardCharsets.US_ASCII),
                    bodyHash.getBytes(StandardCharsets.US_ASCII))) {
                throw new Ec2Exception("SignatureDoesNotMatch", 403, "x-amz-content-sha256 does not match the "
                        + "SHA-256 of the request body; UNSIGNED-PAYLOAD is accepted only by a presigned request "
                        + "without a body.");
            }
        }
        List<String> candidates = payloadHash == null && credential.presigned() && request.body().length == 0
                ? List.of(bodyHash, "UNSIGNED-PAYLOAD")
                : List.of(signedHash);
        for (String hash : candidates) {
            String expected = signature(request, credential, secretKey, hash);
            if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    credential.signature().getBytes(StandardCharsets.US_ASCII))) {
                return;
            }
        }
        throw new Ec2Exception("SignatureDoesNotMatch", 403, "The request signature we calculated does not match "
                + "the signature you provided. Check your AWS Secret Access Key and signing method.");
    }

    static String signature(SignedRequest request, Credential credential, String secretKey, String payloadHash) {
        String canonical = request.method() + "\n" + canonicalPath(request.path()) + "\n"
                + canonicalQuery(request.rawQuery(), credential.presigned()) + "\n"
                + canonicalHeaders(request, credential.signedHeaders()) + "\n"
                + String.join(";", credential.signedHeaders()) + "\n" + payloadHash;
        String toSign = ALGORITHM + "\n" + credential.amzDate() + "\n" + credential.scope() + "\n"
                + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), credential.date());
        key = hmac(key, credential.region());
        key = hmac(key, credential.service());
        key = hmac(key, "aws4_request");
        return hex(hmac(key, toSign));
    }

    private static Credential fromHeader(String authorization, SignedRequest request) {
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw authFailure("Unsupported Authorization header; only " + ALGORITHM + " signatures are accepted.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : authorization.substring(ALGORITHM.length()).split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = p.substring(eq + 1).strip();
            switch (p.substring(0, eq).strip()) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                }
            }
        }
        String[] scope = scope(required(credential, "Credential"));
        String amzDate = first(request, "X-Amz-Date");
        if (amzDate == null) {
            amzDate = first(request, "Date");
        }
        return new Credential(scope[0], scope[1], scope[2], scope[3],
                List.of(required(signedHeaders, "SignedHeaders").toLowerCase(Locale.ROOT).split(";")),
                required(signature, "Signature"), amzDate == null ? "" : amzDate, false, Optional.empty());
    }

    /** {@code AKID/20240101/us-east-1/ec2/aws4_request}. */
    private static String[] scope(String credential) {
        String[] parts = credential.split("/");
        if (parts.length != 5 || !"aws4_request".equals(parts[4]) || parts[0].isEmpty()) {
            throw authFailure("Credential should be scoped to a valid region and service: '"
                    + credential.replaceFirst("^[^/]*", "<key>") + "'");
        }
        return parts;
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw authFailure("The signature is missing its " + name + ".");
        }
        return value;
    }

    private static String canonicalPath(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        return String.join("/", java.util.Arrays.stream(path.split("/", -1))
                .map(segment -> encode(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)))
                .toList());
    }

    private static String canonicalQuery(String rawQuery, boolean presigned) {
        List<String[]> pairs = new ArrayList<>();
        for (String[] p : decodeQuery(rawQuery)) {
            if (!(presigned && p[0].equals("X-Amz-Signature"))) {
                pairs.add(new String[] { encode(p[0]), encode(p[1]) });
            }
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        return String.join("&", pairs.stream().map(p -> p[0] + "=" + p[1]).toList());
    }

    private static String canonicalHeaders(SignedRequest request, List<String> names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            List<String> values = request.headers().apply(name);
            out.append(name).append(':')
                    .append(String.join(",", values.stream().map(v -> v.strip().replaceAll(" +", " ")).toList()))
                    .append('\n');
        }
        return out.toString();
    }

    public static List<String[]> decodeQuery(String rawQuery) {
        List<String[]> pairs = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pairs;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[] { URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8) });
        }
        return pairs;
    }

    /** RFC 3986 encoding as SigV4 defines it: only unreserved characters stay as they are. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String first(SignedRequest request, String header) {
        List<String> values = request.headers().apply(header);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Ec2Exception authFailure(String message) {
        return new Ec2Exception("AuthFailure", 401, message);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
