package dev.ec2service.ec2api.api;

/** A refusal in EC2's own terms: an error code from EC2's list, its HTTP status and a message for people. */
public class Ec2Exception extends RuntimeException {

    private final String code;
    private final int status;

    public Ec2Exception(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public Ec2Exception(String code, String message) {
        this(code, 400, message);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public static Ec2Exception missing(String parameter) {
        return new Ec2Exception("MissingParameter", "The request must contain the parameter " + parameter);
    }

    public static Ec2Exception invalidValue(String parameter, String value, String why) {
        return new Ec2Exception("InvalidParameterValue", "Value (" + value + ") for parameter " + parameter
                + " is invalid. " + why);
    }

    public static Ec2Exception dryRun() {
        return new Ec2Exception("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set.");
    }
}
