package dev.ec2service.platform.badinput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client that sends the request target and body bytes exactly as given: HTTP
 * libraries refuse to send broken percent escapes or bytes that are not text, which is what the
 * bad-input test must send.
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /**
     * @param target the request target as it goes on the wire (already percent-encoded, or not)
     * @param contentLength the Content-Length to declare; -1 declares the body's length
     */
    Response send(String method, String target, String contentType, byte[] body, long contentLength)
            throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(target.getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder h = new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                .append("\r\nAccept: application/json\r\nConnection: close\r\n");
        if (contentType != null) {
            h.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            h.append("Content-Length: ").append(contentLength < 0 ? body.length : contentLength).append("\r\n");
        }
        request.writeBytes(h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        return exchange(request.toByteArray(), body);
    }

    /** Sends {@code head} (request line and headers) and {@code body} as they are; reads the one answer. */
    Response exchange(byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException e) {
                    // the server may answer and close before reading a body it refuses; its answer is what counts
                }
            }
            // no half-close: Vert.x takes the end of input for the end of the connection and would not answer
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * Reads one answer, and no further than its end: its length is in Content-Length, or in the chunks, or (neither)
     * it ends with the connection. A client stops there; it must not wait for the close, which the server may put off
     * until it has the body it was promised (a request refused before routing that declared 64 MiB and sent 20 bytes
     * is answered at once, and closed only when the rest would have come).
     */
    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int end = -1;
        while (end < 0) {
            int n = in.read(chunk);
            if (n < 0) {
                throw new IOException("no complete HTTP answer: "
                        + new String(received.toByteArray(), StandardCharsets.ISO_8859_1));
            }
            received.write(chunk, 0, n);
            end = indexOf(received.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        }
        byte[] all = received.toByteArray();
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(all, end + 4, all.length - end - 4);
        boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        String length = headers.get("content-length");
        byte[] last = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (true) {
            if (!chunked && length != null && body.size() >= Long.parseLong(length)) {
                break;
            }
            if (chunked && endsWithLastChunk(body.toByteArray(), last)) {
                break;
            }
            int n = in.read(chunk);
            if (n < 0) {
                break;
            }
            body.write(chunk, 0, n);
        }
        byte[] content = body.toByteArray();
        if (!chunked && length != null) {
            content = java.util.Arrays.copyOf(content, (int) Long.parseLong(length));
        }
        return new Response(status, headers, chunked ? dechunk(content) : content);
    }

    private static boolean endsWithLastChunk(byte[] data, byte[] last) {
        if (data.length < last.length) {
            return false;
        }
        // the last chunk: a line "0" at the start or after a chunk's CRLF, then the empty line
        int at = data.length - last.length;
        return indexOf(data, last, at) == at && (at == 0 || data[at - 1] == '\n');
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < chunked.length) {
            int eol = indexOf(chunked, new byte[] { '\r', '\n' }, pos);
            String size = new String(chunked, pos, eol - pos, StandardCharsets.US_ASCII).split(";")[0].trim();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(chunked, eol + 2, n);
            pos = eol + 2 + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
