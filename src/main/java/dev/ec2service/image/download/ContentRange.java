package dev.ec2service.image.download;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTTP {@code Content-Range} header: {@code bytes <first>-<last>/<total>} or {@code bytes *}{@code /<total>}. */
record ContentRange(Long first, Long last, Long total) {

    private static final Pattern RANGE = Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

    static Optional<ContentRange> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ContentRange(number(m.group(1)), number(m.group(2)), number(m.group(3))));
    }

    private static Long number(String text) {
        return text == null || text.equals("*") ? null : Long.parseLong(text);
    }
}
