package dev.ec2service.instance.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.ec2service.instance.service.InstanceListQuery;
import dev.ec2service.instance.service.InstanceListing;
import dev.ec2service.instance.service.InstanceService;
import dev.ec2service.network.domain.PortForwardState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of recent listings, by query, with the version each shows. A console or script lists far more often than
 * instances change, and a listing of 1,000 instances costs milliseconds to read and write out each time; while its
 * version is current (two counters, read in microseconds) the bytes written before are the answer. Bounded by count
 * and by size, least recently used first out.
 */
@ApplicationScoped
class InstanceListAnswers {

    static final int MAX_ENTRIES = 16;
    static final long MAX_BYTES = 8L * 1024 * 1024;

    /** A listing as written out: the JSON array and the next page's token. */
    record Answer(byte[] json, Optional<String> nextToken) {
    }

    private record Kept(InstanceListing.Version version, Answer answer) {
    }

    private final InstanceService instances;
    private final ObjectWriter writer;
    private final LinkedHashMap<InstanceListQuery, Kept> kept = new LinkedHashMap<>(MAX_ENTRIES, 0.75f, true);
    private long keptBytes;

    InstanceListAnswers(InstanceService instances, ObjectMapper json) {
        this.instances = instances;
        this.writer = json.writerFor(json.getTypeFactory().constructCollectionType(List.class, InstanceResponse.class));
    }

    Answer answer(InstanceListQuery query) {
        Optional<Kept> known;
        synchronized (this) {
            known = Optional.ofNullable(kept.get(query));
        }
        Optional<InstanceListing> fresh = instances.listingIfChanged(query, known.map(Kept::version));
        if (fresh.isEmpty()) {
            return known.orElseThrow().answer();
        }
        InstanceListing listing = fresh.get();
        Map<String, List<PortForwardState>> ports = listing.ports();
        List<InstanceResponse> items = listing.page().items().stream()
                .map(l -> InstanceResponse.of(l.instance(), l.tags(), ports.getOrDefault(l.instance().id, List.of())))
                .toList();
        Answer answer;
        try {
            answer = new Answer(writer.writeValueAsBytes(items), listing.page().nextToken());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the listing as JSON: " + e.getMessage(), e);
        }
        keep(query, new Kept(listing.version(), answer));
        return answer;
    }

    private synchronized void keep(InstanceListQuery query, Kept fresh) {
        Kept before = kept.put(query, fresh);
        keptBytes += fresh.answer().json().length - (before == null ? 0 : before.answer().json().length);
        Iterator<Kept> oldest = kept.values().iterator();
        while ((kept.size() > MAX_ENTRIES || keptBytes > MAX_BYTES) && oldest.hasNext()) {
            keptBytes -= oldest.next().answer().json().length;
            oldest.remove();
        }
    }
}
