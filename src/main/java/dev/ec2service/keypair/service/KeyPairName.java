package dev.ec2service.keypair.service;

import java.util.regex.Pattern;

/** The rules for key pair names. The name is also the private key's file name, hence the strict alphabet. */
public final class KeyPairName {

    public static final int MAX_LENGTH = 255;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");

    private KeyPairName() {
    }

    /** Refuses a name that is empty, too long or not a safe file name; the name is not echoed. */
    public static String require(String name) {
        if (name == null || name.isEmpty()) {
            throw KeyProblems.invalidName("name is required");
        }
        if (name.length() > MAX_LENGTH) {
            throw KeyProblems.invalidName("name is " + name.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed");
        }
        if (!ALLOWED.matcher(name).matches()) {
            throw KeyProblems.invalidName("name may contain only letters, digits, '.', '_' and '-'");
        }
        // allowed by the alphabet, but as file names they mean the keys directory and its parent
        if (name.equals(".") || name.equals("..")) {
            throw KeyProblems.invalidName("name may not be '.' or '..'");
        }
        return name;
    }
}
