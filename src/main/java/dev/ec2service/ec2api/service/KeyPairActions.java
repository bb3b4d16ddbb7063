package dev.ec2service.ec2api.service;

import dev.ec2service.ec2api.api.Ec2Action;
import dev.ec2service.ec2api.api.Ec2Actions;
import dev.ec2service.ec2api.api.Ec2Exception;
import dev.ec2service.ec2api.api.Ec2Request;
import dev.ec2service.ec2api.api.QueryParams;
import dev.ec2service.ec2api.model.Ec2Model;
import dev.ec2service.keypair.domain.SshKey;
import dev.ec2service.keypair.service.KeyGenerator;
import dev.ec2service.keypair.service.KeyPairService;
import dev.ec2service.tag.domain.TaggedResource;
import dev.ec2service.tag.service.TagService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Key pairs through EC2: the same pairs as REST and the console, with EC2's ids and fingerprints. */
@ApplicationScoped
public class KeyPairActions implements Ec2Actions {

    private static final Set<String> FILTERS = Set.of("key-name", "key-pair-id", "fingerprint", "key-type");

    private final KeyPairService keys;
    private final TagService tags;

    KeyPairActions(KeyPairService keys, TagService tags) {
        this.keys = keys;
        this.tags = tags;
    }

    @Override
    public Map<String, Ec2Action> actions() {
        return Map.of(
                "ImportKeyPair", this::importKeyPair,
                "CreateKeyPair", this::createKeyPair,
                "DescribeKeyPairs", this::describeKeyPairs,
                "DeleteKeyPair", this::deleteKeyPair);
    }

    public static String id(SshKey key) {
        return Ec2Ids.keyPair(key.name, key.createdAt);
    }

    /** The pair with this {@code key-} id, if any. */
    public Optional<SshKey> findById(String keyPairId) {
        return keys.list().stream().filter(k -> id(k).equals(keyPairId)).findFirst();
    }

    Record importKeyPair(Ec2Request request) {
        QueryParams p = request.params();
        String name = p.required("KeyName");
        String encoded = p.required("PublicKeyMaterial");
        String material;
        try {
            // a blob member: the SDKs and the CLI send it base64-encoded
            material = new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            material = encoded;
        }
        Map<String, String> keyTags = tagsFor(p, "key-pair");
        if (keys.list().stream().anyMatch(k -> k.name.equals(name))) {
            throw new Ec2Exception("InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
        }
        request.dryRunCheck();
        SshKey key = keys.importKey(name, material);
        tag(key, keyTags);
        return new Ec2Model.ImportKeyPairResult(AwsFingerprints.of(key.publicKey), key.name, id(key),
                Ec2Filters.tagList(keyTags));
    }

    Record createKeyPair(Ec2Request request) {
        QueryParams p = request.params();
        String name = p.required("KeyName");
        String type = p.get("KeyType").orElse("rsa");
        if (!type.equals("rsa") && !type.equals("ed25519")) {
            throw Ec2Exception.invalidValue("KeyType", type, "It must be rsa or ed25519.");
        }
        String format = p.get("KeyFormat").orElse("pem");
        if (!format.equals("pem")) {
            throw new Ec2Exception("UnsupportedOperation", "KeyFormat " + format + " is not supported; only pem.");
        }
        Map<String, String> keyTags = tagsFor(p, "key-pair");
        if (keys.list().stream().anyMatch(k -> k.name.equals(name))) {
            throw new Ec2Exception("InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
        }
        request.dryRunCheck();
        KeyPairService.Generated generated = keys.generate(name, KeyGenerator.Kind.parse(type));
        tag(generated.key(), keyTags);
        return new Ec2Model.CreateKeyPairResult(id(generated.key()), Ec2Filters.tagList(keyTags), name,
                AwsFingerprints.of(generated.key().publicKey), generated.privateKey());
    }

    Record describeKeyPairs(Ec2Request request) {
        QueryParams p = request.params();
        Map<String, List<String>> filters = p.filters();
        Ec2Filters.requireKnown(filters, FILTERS, true);
        List<String> names = p.list("KeyName");
        List<String> ids = p.list("KeyPairId");
        List<SshKey> all = keys.list();
        for (String name : names) {
            if (all.stream().noneMatch(k -> k.name.equals(name))) {
                throw new Ec2Exception("InvalidKeyPair.NotFound", "The key pair '" + name + "' does not exist");
            }
        }
        for (String id : ids) {
            if (all.stream().noneMatch(k -> id(k).equals(id))) {
                throw new Ec2Exception("InvalidKeyPair.NotFound", "The key pair ID '" + id + "' does not exist");
            }
        }
        boolean includePublicKey = p.bool("IncludePublicKey");
        Map<String, Map<String, String>> allTags = tags.tagsOf(TaggedResource.KEY_PAIR);
        List<Ec2Model.KeyPairInfo> result = new ArrayList<>();
        for (SshKey key : all) {
            if (!names.isEmpty() && !names.contains(key.name) || !ids.isEmpty() && !ids.contains(id(key))) {
                continue;
            }
            Map<String, String> keyTags = allTags.getOrDefault(key.name, Map.of());
            Ec2Model.KeyPairInfo info = new Ec2Model.KeyPairInfo(id(key), AwsFingerprints.keyType(key.keyType),
                    Ec2Filters.tagList(keyTags), includePublicKey ? key.publicKey : null, key.createdAt, key.name,
                    AwsFingerprints.of(key.publicKey));
            if (Ec2Filters.matches(filters, info, (k, f) -> List.of(switch (f) {
                case "key-name" -> k.keyName();
                case "key-pair-id" -> k.keyPairId();
                case "fingerprint" -> k.keyFingerprint();
                default -> k.keyType();
            }), keyTags)) {
                result.add(info);
            }
        }
        return new Ec2Model.DescribeKeyPairsResult(result);
    }

    /** EC2 answers true even when the pair does not exist. */
    Record deleteKeyPair(Ec2Request request) {
        QueryParams p = request.params();
        Optional<String> byId = p.get("KeyPairId");
        Optional<SshKey> key = byId.isPresent() ? findById(byId.get())
                : keys.list().stream().filter(k -> k.name.equals(p.required("KeyName"))).findFirst();
        request.dryRunCheck();
        if (key.isPresent()) {
            keys.delete(key.get().name);
            tags.delete(TaggedResource.KEY_PAIR, key.get().name, Map.of());
        }
        return new Ec2Model.DeleteKeyPairResult(true, key.map(KeyPairActions::id).orElse(null));
    }

    private void tag(SshKey key, Map<String, String> keyTags) {
        if (!keyTags.isEmpty()) {
            tags.set(TaggedResource.KEY_PAIR, key.name, keyTags);
        }
    }

    /** The tags of TagSpecification.N whose ResourceType is {@code type}; another resource type is refused. */
    static Map<String, String> tagsFor(QueryParams params, String type) {
        Map<String, String> result = new LinkedHashMap<>();
        for (QueryParams spec : params.structs("TagSpecification")) {
            String resourceType = spec.get("ResourceType").orElse(type);
            if (!resourceType.equals(type)) {
                throw new Ec2Exception("InvalidParameterValue", "'" + resourceType + "' is not a valid taggable "
                        + "resource type for this operation.");
            }
            result.putAll(spec.tags("Tag"));
        }
        result.forEach(TagService::validate);
        if (result.size() > TagService.MAX_TAGS) {
            throw new Ec2Exception("TagLimitExceeded", "at most " + TagService.MAX_TAGS + " tags per resource");
        }
        return result;
    }
}
