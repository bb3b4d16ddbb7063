package dev.ec2service.instance.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.instance.domain.Instance;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The probe that tells a guest's boot is done: its SSH server greets, on real loopback sockets. */
class BootSettlingTest {

    @Test
    @DisplayName("an SSH server's greeting counts; another server, one that hangs up or stays silent, or a closed port does not")
    void onlyAnSshGreetingCounts() throws Exception {
        assertThat(BootSettling.answers(greeting("SSH-2.0-dropbear\r\n"))).isTrue();
        assertThat(BootSettling.answers(greeting("HTTP/1.1 400 Bad Request\r\n"))).isFalse();
        assertThat(BootSettling.answers(greeting(""))).isFalse();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // accepted (the backlog) but never greeted: the probe gives up after its greeting timeout
            assertThat(BootSettling.answers(new Instance.SshEndpoint("127.0.0.1", silent.getLocalPort()))).isFalse();
        }
        int closed;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = server.getLocalPort();
        }
        assertThat(BootSettling.answers(new Instance.SshEndpoint("127.0.0.1", closed))).isFalse();
    }

    /** A one-connection server on 127.0.0.1 that writes {@code text} and closes. */
    private static Instance.SshEndpoint greeting(String text) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread serving = new Thread(() -> {
            try (server; Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                out.write(text.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the probe hung up first
            }
        });
        serving.setDaemon(true);
        serving.start();
        return new Instance.SshEndpoint("127.0.0.1", server.getLocalPort());
    }
}
