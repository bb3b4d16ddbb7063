package dev.ec2service.terminal.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The hand-over of keystrokes typed before the shell exists (the real path: TerminalTest.typeAhead and bootWait). */
class ShellInputTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("keystrokes typed before the shell is there reach it first, in order, then later ones follow")
    void heldThenStraightThrough() throws IOException {
        ShellInput input = new ShellInput(1024);
        ByteArrayOutputStream shell = new ByteArrayOutputStream();
        assertThat(input.write(b("echo "))).isEqualTo(ShellInput.Outcome.ACCEPTED);
        assertThat(input.write(b("up\r"))).isEqualTo(ShellInput.Outcome.ACCEPTED);
        assertThat(shell.size()).isZero();
        assertThat(input.pending()).isEqualTo(8);
        input.attach(shell);
        assertThat(shell.toString(StandardCharsets.UTF_8)).isEqualTo("echo up\r");
        assertThat(input.pending()).isZero();
        input.write(b("exit\r"));
        assertThat(shell.toString(StandardCharsets.UTF_8)).isEqualTo("echo up\rexit\r");
    }

    @Test
    @DisplayName("a write racing the hand-over waits for the held input to be written and never overtakes it")
    void writeDuringHandOverKeepsOrder() throws Exception {
        ShellInput input = new ShellInput(1024);
        input.write(b("first "));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        // a shell stream that is slow to take the held bytes
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                seen.write(b);
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                if (seen.size() == 0) {
                    writing.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                seen.write(bytes, off, len);
            }
        };
        Thread attach = new Thread(() -> {
            try {
                input.attach(slow);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        attach.start();
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        Thread later = new Thread(() -> {
            try {
                input.write(b("second"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        later.start();
        Thread.sleep(200);
        assertThat(seen.toString(StandardCharsets.UTF_8)).as("nothing overtook the held input").isEmpty();
        release.countDown();
        attach.join(10_000);
        later.join(10_000);
        assertThat(seen.toString(StandardCharsets.UTF_8)).isEqualTo("first second");
    }

    @Test
    @DisplayName("held input is bounded: a write beyond the bound is refused whole, never kept in part")
    void bounded() throws IOException {
        ShellInput input = new ShellInput(10);
        assertThat(input.write(b("12345678"))).isEqualTo(ShellInput.Outcome.ACCEPTED);
        assertThat(input.write(b("abc"))).isEqualTo(ShellInput.Outcome.OVERFLOW);
        assertThat(input.pending()).isEqualTo(8);
        ByteArrayOutputStream shell = new ByteArrayOutputStream();
        input.attach(shell);
        // once the shell is there the bound no longer applies: SSH flow control takes over
        assertThat(input.write(b("x".repeat(100)))).isEqualTo(ShellInput.Outcome.ACCEPTED);
        assertThat(shell.size()).isEqualTo(108);
    }

    @Test
    @DisplayName("after close, keystrokes are dropped on purpose and a late shell gets nothing")
    void closed() throws IOException {
        ShellInput input = new ShellInput(100);
        input.write(b("ls\r"));
        input.close();
        assertThat(input.write(b("rm\r"))).isEqualTo(ShellInput.Outcome.CLOSED);
        ByteArrayOutputStream shell = new ByteArrayOutputStream();
        input.attach(shell);
        assertThat(shell.size()).isZero();
        assertThat(input.attached()).isFalse();
    }
}
