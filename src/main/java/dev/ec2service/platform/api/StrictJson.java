package dev.ec2service.platform.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Request bodies are read strictly, in one place instead of in every service:
 * <ul>
 * <li>every text is text: no NUL (U+0000) and no unpaired surrogate (a JSON escape of U+D800 to
 * U+DFFF without its partner). Neither is ever meaningful in a name, a path, a key or user data; a NUL cannot be in
 * a file name (Java refuses such a path with an exception, not a refusal) and an unpaired surrogate
 * silently becomes {@code ?} once written as UTF-8;</li>
 * <li>a UTF-8 body is UTF-8 (RFC 3629): Jackson decodes overlong forms ({@code C0 80} becomes a NUL
 * inside a property name, {@code C0 AF} a slash) and encoded surrogates without complaint;</li>
 * <li>the document ends where its value ends: Jackson otherwise stops after the first value and
 * ignores whatever follows, so {@code {"name":"a"}} followed by garbage bytes was accepted.</li>
 * </ul>
 * Each fails while the body is read, so the answer is a 400 (see ProblemMappers) and nothing runs.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory().setInputDecorator(new Utf8Check());
        mapper.registerModule(new SimpleModule("strict-text").addDeserializer(String.class, new Deserializer()));
    }

    /** Not annotated as Jackson's own, so collections of strings use it too instead of their fast path. */
    static final class Deserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = super.deserialize(p, ctxt);
            String defect = text == null ? null : defect(text);
            if (defect != null) {
                // the value is not echoed: it may be a secret pasted by mistake
                throw InvalidFormatException.from(p, defect, null, String.class);
            }
            return text;
        }
    }

    /**
     * Checks a byte body that is UTF-8 before Jackson reads it; bodies in UTF-16 or UTF-32 (a zero
     * byte or a byte order mark up front, RFC 4627) are left to Jackson's own decoders. The body is
     * held in memory, which quarkus.http.limits.max-body-size bounds.
     */
    static final class Utf8Check extends InputDecorator {

        @Override
        public InputStream decorate(IOContext ctxt, InputStream in) throws IOException {
            byte[] bytes = in.readAllBytes();
            check(bytes, 0, bytes.length);
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public InputStream decorate(IOContext ctxt, byte[] src, int offset, int length) throws IOException {
            check(src, offset, length);
            return null;
        }

        @Override
        public Reader decorate(IOContext ctxt, Reader r) {
            return r;
        }

        private static void check(byte[] b, int offset, int length) throws CharConversionException {
            if (length >= 2 && (b[offset] == 0 || b[offset + 1] == 0 || (b[offset] & 0xFF) == 0xFE
                    || (b[offset] & 0xFF) == 0xFF)) {
                return;
            }
            int at = invalidUtf8At(b, offset, length);
            if (at >= 0) {
                throw new CharConversionException("invalid UTF-8 at byte " + (at - offset) + " (0x"
                        + Integer.toHexString(b[at] & 0xFF) + ")");
            }
        }
    }

    /** The index of the first byte that breaks UTF-8 (RFC 3629: no overlong forms, surrogates or beyond U+10FFFF), or -1. */
    static int invalidUtf8At(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int lead = b[i] & 0xFF;
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (lead < 0x80) {
                i++;
                continue;
            } else if (lead >= 0xC2 && lead <= 0xDF) {
                n = 1;
            } else if (lead == 0xE0) {
                n = 2;
                lo = 0xA0;
            } else if (lead == 0xED) {
                n = 2;
                hi = 0x9F;
            } else if (lead >= 0xE1 && lead <= 0xEF) {
                n = 2;
            } else if (lead == 0xF0) {
                n = 3;
                lo = 0x90;
            } else if (lead >= 0xF1 && lead <= 0xF3) {
                n = 3;
            } else if (lead == 0xF4) {
                n = 3;
                hi = 0x8F;
            } else {
                return i;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= end) {
                    return i;
                }
                int c = b[i + k] & 0xFF;
                if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) {
                    return i + k;
                }
            }
            i += n + 1;
        }
        return -1;
    }

    /** Why the text is not acceptable, or null. */
    static String defect(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains a NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase() + "), which is no character";
            }
        }
        return null;
    }
}
