package dev.ec2service.keypair;

import java.util.Base64;
import net.schmizz.sshj.common.Buffer;

/** Hand-built key blobs for the refusals ssh-keygen will not produce. */
public final class KeyBlobs {

    private KeyBlobs() {
    }

    /** An ECDSA blob with the given type string, curve name and point bytes. */
    public static byte[] ecdsa(String type, String curve, byte[] point) {
        return new Buffer.PlainBuffer().putString(type).putString(curve).putBytes(point).getCompactData();
    }

    /** The point (0x04 || x || y) of a valid ECDSA blob. */
    public static byte[] ecdsaPoint(byte[] blob) {
        try {
            Buffer.PlainBuffer buffer = new Buffer.PlainBuffer(blob);
            buffer.readString();
            buffer.readString();
            return buffer.readBytes();
        } catch (Buffer.BufferException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static byte[] ed25519(byte[] key) {
        return new Buffer.PlainBuffer().putString("ssh-ed25519").putBytes(key).getCompactData();
    }

    public static String line(String type, byte[] blob) {
        return type + " " + Base64.getEncoder().encodeToString(blob) + " crafted";
    }
}
