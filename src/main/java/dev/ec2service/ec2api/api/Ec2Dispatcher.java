package dev.ec2service.ec2api.api;

import dev.ec2service.ec2api.auth.SigV4;
import dev.ec2service.ec2api.config.Ec2ApiConfig;
import dev.ec2service.ec2api.xml.Ec2Xml;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.StartupEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns one EC2 Query request into an answer: checks the signature, finds the action, runs it and writes XML.
 * Every failure becomes EC2's error document here (through {@link Ec2Errors}), so nothing else can leave.
 */
@ApplicationScoped
public class Ec2Dispatcher {

    /** The verbs of EC2's action names: such an action exists on AWS but not here (UnsupportedOperation). */
    private static final Pattern EC2_VERB = Pattern.compile("(Describe|Create|Delete|Modify|Associate|Disassociate|"
            + "Attach|Detach|Allocate|Release|Get|Run|Start|Stop|Reboot|Terminate|Import|Export|Copy|Register|"
            + "Deregister|Authorize|Revoke|Enable|Disable|Request|Cancel|Accept|Reject|Replace|Reset|Purchase|"
            + "Monitor|Unmonitor|Assign|Unassign|Search|Update|Restore|Provision|Deprovision|Confirm|Apply|List|"
            + "Send|Move|Bundle|Advertise|Withdraw|Lock|Unlock)[A-Z][A-Za-z0-9]*");

    /** The answer: HTTP status and XML text. */
    public record Answer(int status, String xml, String requestId) {
    }

    private final Map<String, Ec2Action> actions = new HashMap<>();
    private final Ec2ApiConfig config;

    Ec2Dispatcher(@All List<Ec2Actions> groups, Ec2ApiConfig config) {
        this.config = config;
        for (Ec2Actions group : groups) {
            group.actions().forEach((name, action) -> {
                if (actions.put(name, action) != null) {
                    throw new IllegalStateException("EC2 action " + name + " is implemented twice");
                }
            });
        }
    }

    /** Half a key pair would silently leave the API open: the service refuses to start with it. */
    void checkKeys(@Observes StartupEvent start) {
        requireBothOrNone(config.accessKey(), config.secretKey());
    }

    static void requireBothOrNone(Optional<String> accessKey, Optional<String> secretKey) {
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalStateException("ec2.api.access-key and ec2.api.secret-key must be set together; only "
                    + (accessKey.isPresent() ? "access-key" : "secret-key") + " is set");
        }
    }

    /** The actions this service answers. */
    public java.util.Set<String> supported() {
        return java.util.Collections.unmodifiableSet(actions.keySet());
    }

    @ActivateRequestContext
    public Answer handle(SigV4.SignedRequest request) {
        String requestId = UUID.randomUUID().toString();
        String action = null;
        try {
            refuseCrossSite(request);
            Map<String, String> params = new LinkedHashMap<>();
            String body = new String(request.body(), StandardCharsets.UTF_8);
            for (String[] p : decode(request.rawQuery())) {
                params.put(p[0], p[1]);
            }
            for (String[] p : decode(body)) {
                params.put(p[0], p[1]);
            }
            action = params.get("Action");
            if (action != null && "GET".equalsIgnoreCase(request.method()) && !readOnly(action)) {
                // an <img src> or link GET carries no Origin and passes the local guard: it must not change anything
                throw new Ec2Exception("UnsupportedOperation", "The action " + action + " changes state and must be "
                        + "sent as a form POST; only Describe* and Get* actions are accepted by GET.");
            }
            Optional<SigV4.Credential> credential = SigV4.parse(request);
            requireBothOrNone(config.accessKey(), config.secretKey());
            if (config.accessKey().isPresent()) {
                SigV4.verify(request, credential.orElseThrow(() -> new Ec2Exception("AuthFailure", 401,
                        "This endpoint requires requests signed with AWS Signature Version 4.")),
                        config.accessKey().get(), config.secretKey().get(), Instant.now());
            }
            if (action == null || action.isEmpty()) {
                throw new Ec2Exception("MissingAction", "The request must contain the parameter Action.");
            }
            Ec2Action handler = actions.get(action);
            if (handler == null) {
                throw unknown(action);
            }
            Ec2Request call = new Ec2Request(action, new QueryParams(params), requestId,
                    credential.map(SigV4.Credential::region).orElse(config.defaultRegion()),
                    credential.map(SigV4.Credential::accessKey).orElse(null));
            if (readOnly(action)) {
                // reading has no side effect to spare; EC2 answers DryRunOperation once the request is valid
                call.dryRunCheck();
            }
            Record result = handler.handle(call);
            return new Answer(200, Ec2Xml.response(action, requestId, result), requestId);
        } catch (RuntimeException e) {
            Ec2Errors.Ec2Error error = Ec2Errors.of(e);
            if (error.status() >= 500) {
                Log.warnf("EC2 %s failed: %s %s", action, error.code(), error.message());
            } else {
                Log.debugf("EC2 %s refused: %s %s", action, error.code(), error.message());
            }
            return new Answer(error.status(), Ec2Xml.error(error.code(), error.message(), requestId), requestId);
        }
    }

    /** Actions without side effects: the only ones a GET may name. */
    static boolean readOnly(String action) {
        return action.startsWith("Describe") || action.startsWith("Get");
    }

    /** A browser says when a page of another site sent the request; no EC2 client sends that. */
    private static void refuseCrossSite(SigV4.SignedRequest request) {
        List<String> site = request.headers().apply("Sec-Fetch-Site");
        if (site != null && site.stream().anyMatch(v -> v.strip().equalsIgnoreCase("cross-site"))) {
            throw new Ec2Exception("UnauthorizedOperation", 403, "A request sent by a page of another site "
                    + "(Sec-Fetch-Site: cross-site) is refused.");
        }
    }

    private static Ec2Exception unknown(String action) {
        if (EC2_VERB.matcher(action).matches()) {
            return new Ec2Exception("UnsupportedOperation", "The action " + action
                    + " is not supported by ec2-as-service; see the README's table of EC2 actions.");
        }
        return new Ec2Exception("InvalidAction", "The action " + action + " is not valid for this web service.");
    }

    private static List<String[]> decode(String text) {
        try {
            return SigV4.decodeQuery(text);
        } catch (IllegalArgumentException e) {
            throw new Ec2Exception("MalformedQueryString", "The query string or form body is not validly encoded.");
        }
    }
}
