package dev.ec2service.terminal.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Keystrokes on their way to the shell. A terminal socket is open, and the client types, long before
 * the SSH session is (a booting guest can take minutes): until the shell's stream is attached the bytes
 * are held here, up to a bound, and then written in the order they came, ahead of anything typed later.
 * Writers and the attach share one lock, so nothing typed during the hand-over can overtake held input.
 */
final class ShellInput {

    /** What happened to a write. */
    enum Outcome {
        /** written to the shell, or held for it */
        ACCEPTED,
        /** the session is over; the bytes were dropped on purpose */
        CLOSED,
        /** held input would exceed the bound; nothing of this write was kept */
        OVERFLOW
    }

    private final int maxPending;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private OutputStream shell;
    private volatile boolean closed;

    ShellInput(int maxPending) {
        this.maxPending = maxPending;
    }

    synchronized Outcome write(byte[] bytes) throws IOException {
        if (closed) {
            return Outcome.CLOSED;
        }
        if (shell == null) {
            if (pending.size() + bytes.length > maxPending) {
                return Outcome.OVERFLOW;
            }
            pending.write(bytes, 0, bytes.length);
            return Outcome.ACCEPTED;
        }
        shell.write(bytes);
        shell.flush();
        return Outcome.ACCEPTED;
    }

    /** The shell is there: held input goes first, every later write straight through. */
    synchronized void attach(OutputStream out) throws IOException {
        if (closed) {
            return;
        }
        shell = out;
        if (pending.size() > 0) {
            pending.writeTo(out);
            out.flush();
        }
        pending.reset();
    }

    /** Bytes held for a shell that is not there yet. */
    synchronized int pending() {
        return pending.size();
    }

    boolean attached() {
        synchronized (this) {
            return shell != null;
        }
    }

    /**
     * No more input. Not synchronized: a writer may be blocked inside the SSH stream (remote window
     * full) while holding the lock, and closing must not wait for it; the disconnect that follows frees it.
     */
    void close() {
        closed = true;
    }
}
