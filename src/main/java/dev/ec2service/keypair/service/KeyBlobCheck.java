package dev.ec2service.keypair.service;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SSHRuntimeException;

/**
 * Checks a decoded public key blob (RFC 4253 6.6, RFC 5656 3.1, RFC 8709 4) against its declared
 * type. sshj parses the blob into a Java key; the checks around it are the ones sshj leaves out
 * (it accepts any NIST curve name for any ECDSA type, any RSA size, trailing bytes), each with a
 * message that tells the user what is wrong.
 */
final class KeyBlobCheck {

    static final int MIN_RSA_BITS = 2048;
    /** OpenSSH's own ceiling (OPENSSL_RSA_MAX_MODULUS_BITS); larger keys cannot be used to log in anyway. */
    static final int MAX_RSA_BITS = 16384;
    private static final int ED25519_KEY_BYTES = 32;

    private KeyBlobCheck() {
    }

    static void check(String declaredType, byte[] blob) {
        try {
            Buffer.PlainBuffer fields = new Buffer.PlainBuffer(blob);
            String innerType = fields.readString();
            if (!innerType.equals(declaredType)) {
                throw KeyProblems.typeMismatch("key type inside the blob is " + printable(innerType) + ", declared "
                        + declaredType);
            }
            if (declaredType.equals(SshKeyTypes.ED25519)) {
                checkEd25519(fields);
            } else if (SshKeyTypes.isEcdsa(declaredType)) {
                checkEcdsa(declaredType, fields);
            }
            PublicKey key = new Buffer.PlainBuffer(blob).readPublicKey();
            if (key instanceof RSAPublicKey rsa) {
                checkRsa(rsa);
            }
            // One key has one encoding: trailing bytes or padded numbers would let the same key in
            // twice under different fingerprints (REQ-SSH-005) and ssh-keygen rejects them too.
            byte[] canonical = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            if (!Arrays.equals(canonical, blob)) {
                throw KeyProblems.malformed("the " + declaredType + " key data is not in canonical form (trailing "
                        + "bytes or padded numbers)");
            }
        } catch (Buffer.BufferException | SSHRuntimeException | IllegalArgumentException e) {
            // sshj reports truncation and bad lengths this way; the cause says nothing the user can act on
            throw KeyProblems.malformed("the " + declaredType + " key data is truncated or not structured as an "
                    + declaredType + " key");
        } catch (GeneralSecurityException e) {
            throw KeyProblems.invalidMaterial("the " + declaredType + " key data does not form a valid key");
        }
    }

    private static void checkEd25519(Buffer.PlainBuffer fields) throws Buffer.BufferException {
        byte[] key = fields.readBytes();
        if (key.length != ED25519_KEY_BYTES) {
            throw KeyProblems.malformed("an Ed25519 public key is 32 bytes; this one is " + key.length);
        }
    }

    private static void checkEcdsa(String declaredType, Buffer.PlainBuffer fields)
            throws Buffer.BufferException, GeneralSecurityException {
        String curve = fields.readString();
        String expected = SshKeyTypes.curveOf(declaredType);
        if (!curve.equals(expected)) {
            throw KeyProblems.typeMismatch("curve name inside the blob is " + printable(curve) + ", declared "
                    + declaredType + " (curve " + expected + ")");
        }
        byte[] point = fields.readBytes();
        ECParameterSpec params = curveParameters(SshKeyTypes.JDK_CURVES.get(curve));
        EllipticCurve ec = params.getCurve();
        BigInteger p = ((ECFieldFp) ec.getField()).getP();
        int coordinateBytes = (p.bitLength() + 7) / 8;
        // OpenSSH writes only the uncompressed form (SEC 1 2.3.3): 0x04 || x || y
        if (point.length != 1 + 2 * coordinateBytes || point[0] != 0x04) {
            throw KeyProblems.malformed("the ECDSA point is not an uncompressed " + curve + " point (expected "
                    + (1 + 2 * coordinateBytes) + " bytes starting with 0x04, got " + point.length + ")");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + coordinateBytes));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + coordinateBytes, point.length));
        if (!onCurve(ec, p, x, y)) {
            throw KeyProblems.invalidMaterial("the ECDSA point is not on curve " + curve);
        }
    }

    /**
     * y^2 = x^3 + ax + b (mod p) with both coordinates reduced. The NIST curves have cofactor 1, so every
     * such point other than infinity (which has no uncompressed encoding) lies in the key group.
     */
    static boolean onCurve(EllipticCurve ec, BigInteger p, BigInteger x, BigInteger y) {
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.modPow(BigInteger.TWO, p);
        BigInteger right = x.pow(3).add(ec.getA().multiply(x)).add(ec.getB()).mod(p);
        return left.equals(right);
    }

    private static void checkRsa(RSAPublicKey rsa) {
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw KeyProblems.rsaTooSmall("RSA modulus is " + bits + " bits; at least " + MIN_RSA_BITS
                    + " are required");
        }
        if (bits > MAX_RSA_BITS) {
            throw KeyProblems.invalidMaterial("RSA modulus is " + bits + " bits; at most " + MAX_RSA_BITS
                    + " are supported");
        }
        BigInteger e = rsa.getPublicExponent();
        if (!e.testBit(0) || e.compareTo(BigInteger.ONE) <= 0) {
            throw KeyProblems.invalidMaterial("RSA public exponent must be an odd number greater than 1");
        }
        if (!rsa.getModulus().testBit(0)) {
            throw KeyProblems.invalidMaterial("RSA modulus is even");
        }
    }

    private static ECParameterSpec curveParameters(String jdkName) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(jdkName));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    /** The inner type or curve is attacker-chosen bytes; quote at most a short, printable excerpt. */
    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? cut : "(unprintable)";
    }
}
