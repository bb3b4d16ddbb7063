package dev.ec2service.instance.service;

import dev.ec2service.host.port.InstanceCensus;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers the monitor's census with one grouped count over the instance table. */
@ApplicationScoped
class InstanceCounts implements InstanceCensus {

    @Override
    @Transactional
    public Map<String, Long> countsByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (InstanceStatus s : InstanceStatus.values()) {
            counts.put(s.wire(), 0L);
        }
        List<Object[]> rows = Instance.getEntityManager()
                .createQuery("select i.status, count(i) from Instance i group by i.status", Object[].class)
                .getResultList();
        // summed: stored values the column reads as one status (an unknown one reads as error) are one count
        rows.forEach(r -> counts.merge(((InstanceStatus) r[0]).wire(), (Long) r[1], Long::sum));
        return counts;
    }
}
