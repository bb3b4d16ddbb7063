package dev.ec2service.platform.badinput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generators of hostile input from a {@link Random}, so a seed reproduces a whole run. JSON is written
 * by hand ({@link #json}) because a JSON library will not write unpaired surrogates, numbers beyond
 * any range or nesting deeper than it allows.
 */
final class Hostile {

    /** A piece of JSON text inserted as it is. */
    record Raw(String json) {
    }

    private static final List<String> TEXTS = List.of(
            "\u0000", "a\u0000b", "img\u0000.qcow2", "\u0001\u0002\u001f\u007f", "\t\r\n", "\ud800", "x\udfffy",
            "\ufffe\uffff", "\ufeffbom", "\u202eevil", "é", "𝄞🙂", "\u0301", "../../etc/passwd", "/etc/shadow",
            "..\\..\\windows", "%00", "%2e%2e%2f", "' OR 1=1 --", "\"; DROP TABLE instances; --", "<script>x</script>",
            "${jndi:ldap://127.0.0.1/x}", "%s%n%x", "{{7*7}}", "-1", "0", "1e309", "NaN", "Infinity", "0x7fffffff",
            "99999999999999999999999999", "true", "null", "i-00000000", "i-zzzzzzzz", "I-0123ABCD", "t2.micro",
            "T2.MICRO", "t2.micro ", "ubuntu-22.04", "ed25519", "rsa", "dsa", "amd64", "arm64", "sparc", "ubuntu",
            "root", "Bad User", "/dev/zero", "/proc/self/environ", "/", "relative/path.qcow2", "~/x.qcow2",
            "ssh-ed25519 AAAA", "-----BEGIN OPENSSH PRIVATE KEY-----", " ", "a b", "name with spaces", "😀".repeat(40));

    /** Values that pass many checks; none names a real object of the test data home or a real file. */
    private static final List<Object> PLAUSIBLE = List.of("ubuntu", "linux", "debian", "amd64", "laptop", "web-1",
            "t2.micro", "t2.nano", "ed25519", "rsa", "no-such-image", "/var/tmp/no-such-file.qcow2", "#!/bin/sh\n",
            true, false);

    private Hostile() {
    }

    /** A value the schema suggests for the property, or a generally plausible one. */
    static Object plausible(Random r, List<Object> fromSchema) {
        return !fromSchema.isEmpty() && r.nextBoolean() ? pick(r, fromSchema) : pick(r, PLAUSIBLE);
    }

    static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    /** Text of any kind: nasty fixed strings, random code points of every plane and class, long runs. */
    static String text(Random r) {
        return switch (r.nextInt(6)) {
            case 0, 1 -> pick(r, TEXTS);
            case 2 -> randomCodePoints(r, 1 + r.nextInt(40));
            case 3 -> pick(r, TEXTS) + randomCodePoints(r, 1 + r.nextInt(8)) + pick(r, TEXTS);
            case 4 -> "a".repeat(100 + r.nextInt(3000));
            default -> String.valueOf((char) r.nextInt(0x10000)).repeat(1 + r.nextInt(300));
        };
    }

    /** Text that holds a NUL or an unpaired surrogate: never acceptable in any text field. */
    static String badText(Random r) {
        String defect = pick(r, List.of("\u0000", "\ud800", "\udbff", "\udc00", "\udfff"));
        String around = text(r);
        int at = r.nextInt(around.length() + 1);
        // do not split a surrogate pair of the surrounding text: that would add a defect of its own
        if (at > 0 && at < around.length() && Character.isLowSurrogate(around.charAt(at))) {
            at--;
        }
        return around.substring(0, at) + defect + around.substring(at);
    }

    static String randomCodePoints(Random r, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int cp = switch (r.nextInt(7)) {
                case 0 -> r.nextInt(0x20);
                case 1 -> 0x20 + r.nextInt(0x60);
                case 2 -> 0x80 + r.nextInt(0x780);
                case 3 -> 0x800 + r.nextInt(0xD000);
                case 4 -> 0xE000 + r.nextInt(0x2000);
                case 5 -> 0x10000 + r.nextInt(0x100000);
                default -> 0xD800 + r.nextInt(0x800);
            };
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                s.append((char) cp);
            } else {
                s.appendCodePoint(cp);
            }
        }
        return s.toString();
    }

    /** Any JSON value, including wrong types and values at the edges of every number type. */
    static Object value(Random r, int depth) {
        return switch (r.nextInt(depth > 2 ? 6 : 8)) {
            case 0, 1 -> text(r);
            case 2 -> pick(r, List.<Object>of(0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, -0.0, 1e308,
                    new Raw("1e999999"), new Raw("-1e-999999"), new Raw("123456789012345678901234567890")));
            case 3 -> r.nextBoolean();
            case 4 -> r.nextBoolean() ? null : "";
            case 5 -> new Raw(" " + (r.nextBoolean() ? "{}" : "[]"));
            case 6 -> java.util.Arrays.asList(value(r, depth + 1), value(r, depth + 1));
            default -> java.util.Collections.singletonMap("k" + r.nextInt(100), value(r, depth + 1));
        };
    }

    /** A value that no property of a scalar type can be read from: an object or an array. */
    static Object uncoercible(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> Map.of();
            case 1 -> List.of();
            case 2 -> List.of(text(r));
            default -> Map.of("value", text(r));
        };
    }

    static Raw deepNesting(Random r) {
        int depth = 1001 + r.nextInt(4000);
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return new Raw(open.repeat(depth) + "1" + close.repeat(depth));
    }

    static Raw hugeNumber(Random r) {
        StringBuilder digits = new StringBuilder(r.nextBoolean() ? "-9" : "9");
        int n = 1001 + r.nextInt(20000);
        for (int i = 0; i < n; i++) {
            digits.append((char) ('0' + r.nextInt(10)));
        }
        if (r.nextBoolean()) {
            digits.append(".5e").append(r.nextInt(999999));
        }
        return new Raw(digits.toString());
    }

    static Map<String, Object> object(Map<String, Object> properties) {
        return new LinkedHashMap<>(properties);
    }

    /** JSON text; strings keep unpaired surrogates and control characters as \\u escapes. */
    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.json());
        } else if (value instanceof String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || (Character.isSurrogate(c) && !pairedHigh)) {
                    out.append(String.format("\\u%04x", (int) c));
                } else if (pairedHigh) {
                    out.append(c).append(s.charAt(++i));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }

    /**
     * Bytes that are not UTF-8 anywhere they are put: stray continuation, overlong forms (also of NUL and
     * of a slash), an encoded surrogate, beyond U+10FFFF, truncated, 0xFF.
     */
    static byte[] invalidUtf8(Random r) {
        return pick(r, List.of(new byte[] { (byte) 0xFF }, new byte[] { (byte) 0x80 },
                new byte[] { (byte) 0xC0, (byte) 0x80 }, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                new byte[] { (byte) 0xE2, (byte) 0x82 }, new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80 },
                new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, new byte[] { (byte) 0xC3, 0x28 },
                new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0xE0, (byte) 0x80, (byte) 0xAF },
                new byte[] { (byte) 0xC1, (byte) 0xBF }, new byte[] { (byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF }));
    }

    /** {@code text} as UTF-8 with {@code insert} put before one of its ASCII characters. */
    static byte[] withBytesAt(Random r, String text, byte[] insert) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] >= 0) {
                starts.add(i);
            }
        }
        int at = pick(r, starts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(insert);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    /**
     * UTF-32 (either byte order, with or without a byte order mark) holding a code point that does
     * not exist: beyond U+10FFFF or a surrogate.
     */
    static byte[] invalidUtf32(Random r, String text) {
        boolean big = r.nextBoolean();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (r.nextBoolean()) {
            utf32(out, 0xFEFF, big);
        }
        int[] cps = text.codePoints().toArray();
        // the first four bytes must still look like UTF-32 for the parser to choose it
        int at = cps.length == 0 ? 0 : 1 + r.nextInt(cps.length);
        for (int i = 0; i < cps.length; i++) {
            if (i == at) {
                utf32(out, pick(r, List.of(0x110000, 0x7FFFFFFF, 0xFFFFFFFF, 0xD800, 0xDFFF, 0x00FF0000)), big);
            }
            utf32(out, cps[i], big);
        }
        if (at >= cps.length) {
            utf32(out, 0x110000, big);
        }
        return out.toByteArray();
    }

    private static void utf32(ByteArrayOutputStream out, int cp, boolean big) {
        byte[] b = { (byte) (cp >>> 24), (byte) (cp >>> 16), (byte) (cp >>> 8), (byte) cp };
        if (big) {
            out.writeBytes(b);
        } else {
            out.writeBytes(new byte[] { b[3], b[2], b[1], b[0] });
        }
    }

    /** UTF-16 (either byte order, with or without BOM) with a raw control character, which JSON forbids unescaped. */
    static byte[] utf16WithControl(Random r, String text) {
        int at = r.nextInt(text.length() + 1);
        if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
            at--;
        }
        String withControl = text.substring(0, at) + (char) r.nextInt(0x20) + text.substring(at);
        boolean big = r.nextBoolean();
        byte[] body = withControl.getBytes(big ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
        if (!r.nextBoolean()) {
            return body;
        }
        byte[] bom = big ? new byte[] { (byte) 0xFE, (byte) 0xFF } : new byte[] { (byte) 0xFF, (byte) 0xFE };
        byte[] out = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, out, 0, bom.length);
        System.arraycopy(body, 0, out, bom.length, body.length);
        return out;
    }

    /** Random bytes, sometimes starting the way UTF-32 or UTF-16 text starts. */
    static byte[] garbage(Random r) {
        byte[] bytes = new byte[r.nextInt(300)];
        r.nextBytes(bytes);
        if (bytes.length >= 4) {
            switch (r.nextInt(4)) {
                case 0 -> { bytes[0] = 0; bytes[1] = 0; bytes[2] = 0; }
                case 1 -> { bytes[1] = 0; bytes[2] = 0; bytes[3] = 0; }
                case 2 -> { bytes[0] = 0; bytes[2] = 0; }
                default -> { }
            }
        }
        return bytes;
    }

    /**
     * A path segment or query value as it goes on the wire: UTF-8 percent-encoded text (unpaired
     * surrogates as the bytes CESU would write, which are not UTF-8), or broken escapes.
     */
    static String urlValue(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> pick(r, List.of("%", "%z", "%zz", "%G0", "%0", "%00", "%C3%28", "%FF%FE", "%E2%82", "%ED%A0%80",
                    "%C0%AF", "%2F", "%5C", "%25", "%2e%2e%2F%2e%2e", "a%00b", "i-00000000%00", "%F4%90%80%80",
                    "%0d%0aX-Injected:%201", "%3Cscript%3E", "x;y", "x%3By", "%E0%80%80"));
            case 1 -> encode(badText(r));
            default -> encode(text(r));
        };
    }

    static String encode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes.write(0xE0 | (c >> 12));
                bytes.write(0x80 | ((c >> 6) & 0x3F));
                bytes.write(0x80 | (c & 0x3F));
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        StringBuilder out = new StringBuilder();
        for (byte b : bytes.toByteArray()) {
            int v = b & 0xFF;
            if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') || v == '-' || v == '_'
                    || v == '~') {
                out.append((char) v);
            } else {
                out.append('%').append(String.format("%02X", v));
            }
        }
        return out.toString();
    }
}
