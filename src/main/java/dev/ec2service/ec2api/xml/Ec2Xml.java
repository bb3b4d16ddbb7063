package dev.ec2service.ec2api.xml;

import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes EC2 Query answers from typed records, generically: each record component is an element named like the
 * component (EC2's {@code locationName}, or {@link XmlName}), a collection is a wrapper of {@code <item>}
 * elements, a nested record is an element with children, null is left out. The StAX writer escapes all text.
 */
public final class Ec2Xml {

    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
    /** An instant on a whole second, which {@link Instant#toString()} writes without milliseconds. */
    private static final Pattern WHOLE_SECOND = Pattern.compile("(\\d{2}:\\d{2}:\\d{2})Z$");
    /** A record component as an answer writes it: its element's name and its accessor. */
    private record Component(String name, Method accessor) {
    }

    /**
     * Each record type's components, looked up once: the JDK builds them and their annotations anew at every
     * {@link Class#getRecordComponents()}, and a DescribeInstances of a thousand instances writes tens of thousands
     * of records.
     */
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            List<Component> components = new ArrayList<>();
            for (RecordComponent c : type.getRecordComponents()) {
                Method accessor = c.getAccessor();
                // answer records may be nested, package-private types of their action class
                accessor.setAccessible(true);
                XmlName name = c.getAnnotation(XmlName.class);
                components.add(new Component(name == null ? c.getName() : name.value(), accessor));
            }
            return List.copyOf(components);
        }
    };

    private Ec2Xml() {
    }

    /** {@code <ActionResponse xmlns=...><requestId/>...components of body...</ActionResponse>}. */
    public static String response(String action, String requestId, Record body) {
        return write(w -> {
            w.writeStartElement(action + "Response");
            w.writeDefaultNamespace(NAMESPACE);
            element(w, "requestId", requestId);
            if (body != null) {
                components(w, body);
            }
            w.writeEndElement();
        });
    }

    /** EC2's error document; note {@code RequestID}, spelled differently from answers. */
    public static String error(String code, String message, String requestId) {
        return write(w -> {
            w.writeStartElement("Response");
            w.writeStartElement("Errors");
            w.writeStartElement("Error");
            element(w, "Code", code);
            element(w, "Message", message);
            w.writeEndElement();
            w.writeEndElement();
            element(w, "RequestID", requestId);
            w.writeEndElement();
        });
    }

    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            body.write(w);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write an EC2 answer", e);
        }
        return out.toString();
    }

    private static void components(XMLStreamWriter w, Record record) throws XMLStreamException {
        for (Component c : COMPONENTS.get(record.getClass())) {
            Object value;
            try {
                value = c.accessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.accessor(), e);
            }
            value(w, c.name(), value);
        }
    }

    private static void value(XMLStreamWriter w, String name, Object value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            w.writeStartElement(name);
            for (Object item : items) {
                value(w, "item", item);
            }
            w.writeEndElement();
        } else if (value instanceof Record nested) {
            w.writeStartElement(name);
            components(w, nested);
            w.writeEndElement();
        } else {
            element(w, name, text(value));
        }
    }

    private static String text(Object value) {
        if (value instanceof Instant instant) {
            // EC2 writes milliseconds and a Z; every SDK parses this form
            return WHOLE_SECOND.matcher(instant.truncatedTo(ChronoUnit.MILLIS).toString()).replaceFirst("$1.000Z");
        }
        return value.toString();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(xmlSafe(text));
        w.writeEndElement();
    }

    /**
     * Replaces what XML 1.0 cannot carry (control characters but tab and newlines, lone surrogates, U+FFFE/F)
     * with U+FFFD: error messages echo the request, and one such character would make the whole answer fail.
     */
    static String xmlSafe(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            ok = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
            if (!ok && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : '\uFFFD');
            }
        }
        return out == null ? text : out.toString();
    }
}
