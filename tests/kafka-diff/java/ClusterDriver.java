// Mode `cluster <bootstrap>`: drives a real cluster with kafka-clients. One reply line per request.
//   CREATE <topic> <replicas of p0 as 1,2,3>;<p1>... <k=v,...|->  -> OK | ERR <exception>
//   SEND <topic> <acks 0|1|all|idem> <partition|-> <key|-> <value>  -> OK <partition> <offset> | ERR <exception>
//        (idem: acks=all with enable.idempotence=true and the default retries)
//   DESCRIBE <topic>  -> <p>:<leader|->:<isr 1,2>:<high watermark>:<log start> ...
//   NODES  -> how many brokers the controller counts as alive
//   ASSIGN <reader> <topic> <partition>   (a consumer with assign(); auto.offset.reset=earliest)
//   POLL <reader> <ms>  -> <offset>=<value>,... read until the high watermark (empty: -)
// Consumer groups (the classic protocol, group.protocol=classic, with the client's assignors):
//   GJOIN <group> <member> <topic> <range|roundrobin|sticky|cooperative-sticky>  -> OK
//   GLEAVE <group> <member>   close(): a dynamic member sends LeaveGroup
//   GCRASH <group> <member>   close(REMAIN_IN_GROUP): no LeaveGroup, no more heartbeats; the
//                             coordinator expires it after session.timeout.ms, as for a crash
//   GSETTLE <group> <ms>  -> <member>=<p,...|-> ... once the group is stable (sorted by member)
//   GID <group> <member>  -> the member id the coordinator gave it (<client.id>-<uuid>)
//   GREAD <group> <member> <ms>  -> <p>:<offset>=<value>,...;... what it reads until its
//                             position reaches the high watermark of every partition it owns
//   GCOMMIT <group> <member>  -> commitSync(), then the group's committed offsets <p>=<o> ...
//   GSEEK <group> <member> <nth> <offset|b>  -> seek the nth (sorted) partition it owns to
//                             min(offset, end offset) or its beginning: <p> <offset> | none
// Between reads a member's partitions are paused (its rebalance listener pauses what it is
// given), so polls that keep the group alive read nothing: reads happen only at GREAD.
// Producers: retries=0 and no idempotence, so each send's first outcome is its outcome
// (NOT_ENOUGH_REPLICAS is not retried away); request.timeout.ms=4000.

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class ClusterDriver {
    static String bootstrap;
    static Admin admin;
    static final Map<String, KafkaProducer<byte[], byte[]>> producers = new HashMap<>();
    static final Map<String, KafkaConsumer<byte[], byte[]>> readers = new HashMap<>();
    /** Live group members by "group/member", in join order. */
    static final Map<String, KafkaConsumer<byte[], byte[]>> members = new LinkedHashMap<>();

    public static void run(String[] args, BufferedReader in, PrintStream out) throws Exception {
        bootstrap = args[1];
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("request.timeout.ms", "5000");
        p.put("default.api.timeout.ms", "10000");
        admin = Admin.create(p);
        String line;
        try {
            while ((line = in.readLine()) != null) {
                if (line.equals("Q")) break;
                String reply;
                try {
                    reply = handle(line.split(" ", -1));
                } catch (ExecutionException e) {
                    reply = "ERR " + e.getCause().getClass().getSimpleName();
                } catch (Exception e) {
                    reply = "ERR " + e.getClass().getSimpleName();
                }
                out.println(reply);
                out.flush();
            }
        } finally {
            for (KafkaProducer<byte[], byte[]> pr : producers.values()) pr.close(Duration.ofSeconds(1));
            for (KafkaConsumer<byte[], byte[]> c : readers.values()) c.close(Duration.ofSeconds(1));
            for (KafkaConsumer<byte[], byte[]> c : members.values()) c.close(Duration.ofSeconds(1));
            admin.close(Duration.ofSeconds(1));
        }
    }

    static String handle(String[] f) throws Exception {
        switch (f[0]) {
            case "CREATE": {
                Map<Integer, List<Integer>> assignment = new HashMap<>();
                String[] parts = f[2].split(";");
                for (int i = 0; i < parts.length; i++) {
                    List<Integer> r = new ArrayList<>();
                    for (String b : parts[i].split(",")) r.add(Integer.parseInt(b));
                    assignment.put(i, r);
                }
                NewTopic t = new NewTopic(f[1], assignment);
                Map<String, String> configs = new HashMap<>();
                if (!f[3].equals("-"))
                    for (String kv : f[3].split(",")) {
                        String[] x = kv.split("=", 2);
                        configs.put(x[0], x[1]);
                    }
                t.configs(configs);
                admin.createTopics(List.of(t)).all().get(20, TimeUnit.SECONDS);
                // Wait until every partition has its leader and full ISR.
                long until = System.currentTimeMillis() + 20000;
                while (System.currentTimeMillis() < until) {
                    try {
                        TopicDescription d = admin.describeTopics(List.of(f[1])).allTopicNames().get().get(f[1]);
                        boolean ready = d.partitions().size() == parts.length;
                        for (TopicPartitionInfo pi : d.partitions())
                            ready &= pi.leader() != null && pi.isr().size() == pi.replicas().size();
                        if (ready) {
                            // Each leader answers for the topic only once it has applied the
                            // topic's metadata; until then a produce fails with
                            // UnknownTopicIdException (no retries here). ListOffsets goes to
                            // every leader and is retried by the admin client until they do.
                            Map<TopicPartition, OffsetSpec> all = new HashMap<>();
                            for (TopicPartitionInfo pi : d.partitions())
                                all.put(new TopicPartition(f[1], pi.partition()), OffsetSpec.latest());
                            admin.listOffsets(all).all().get(20, TimeUnit.SECONDS);
                            return "OK";
                        }
                    } catch (ExecutionException e) {
                        // not yet known
                    }
                    Thread.sleep(100);
                }
                return "ERR NotReady";
            }
            case "SEND": {
                KafkaProducer<byte[], byte[]> pr = producer(f[2]);
                Integer partition = f[3].equals("-") ? null : Integer.parseInt(f[3]);
                byte[] key = f[4].equals("-") ? null : f[4].getBytes(StandardCharsets.UTF_8);
                byte[] value = f[5].getBytes(StandardCharsets.UTF_8);
                RecordMetadata m = pr.send(new ProducerRecord<>(f[1], partition, key, value)).get(30, TimeUnit.SECONDS);
                return "OK " + m.partition() + " " + (m.hasOffset() ? m.offset() : -1);
            }
            case "NODES":
                return String.valueOf(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size());
            case "DESCRIBE": {
                TopicDescription d = admin.describeTopics(List.of(f[1])).allTopicNames().get().get(f[1]);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>(), earliest = new HashMap<>();
                // Only a partition with a leader has offsets to list (an offline one would make
                // the whole request wait out its timeout).
                for (TopicPartitionInfo pi : d.partitions()) {
                    if (pi.leader() == null || pi.leader().id() < 0) continue;
                    latest.put(new TopicPartition(f[1], pi.partition()), OffsetSpec.latest());
                    earliest.put(new TopicPartition(f[1], pi.partition()), OffsetSpec.earliest());
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> hw = Map.of(), ls = Map.of();
                // A request sent on stale metadata to a paused broker waits out request.timeout.ms
                // before the client looks again; on a loaded machine that can take the whole
                // api timeout (random-20261327 in a long run at load 19), so try again.
                for (int attempt = 0; attempt < 3; attempt++) {
                    try {
                        hw = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                        ls = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
                        break;
                    } catch (Exception e) {
                        // a leader moved or was paused meanwhile: offsets unknown for now
                    }
                }
                StringBuilder sb = new StringBuilder();
                for (TopicPartitionInfo pi : d.partitions()) {
                    if (sb.length() > 0) sb.append(' ');
                    TopicPartition tp = new TopicPartition(f[1], pi.partition());
                    sb.append(pi.partition()).append(':')
                      .append(pi.leader() == null || pi.leader().id() < 0 ? "-" : String.valueOf(pi.leader().id())).append(':');
                    List<Integer> isr = new ArrayList<>();
                    for (org.apache.kafka.common.Node n : pi.isr()) isr.add(n.id());
                    Collections.sort(isr);
                    StringJoiner j = new StringJoiner(",");
                    for (int b : isr) j.add(String.valueOf(b));
                    sb.append(j).append(':')
                      .append(hw.containsKey(tp) ? String.valueOf(hw.get(tp).offset()) : "-").append(':')
                      .append(ls.containsKey(tp) ? String.valueOf(ls.get(tp).offset()) : "-");
                }
                return sb.toString();
            }
            case "ASSIGN": {
                Properties p = new Properties();
                p.put("bootstrap.servers", bootstrap);
                p.put("key.deserializer", ByteArrayDeserializer.class.getName());
                p.put("value.deserializer", ByteArrayDeserializer.class.getName());
                p.put("auto.offset.reset", "earliest");
                p.put("enable.auto.commit", "false");
                p.put("metadata.max.age.ms", "500");
                p.put("request.timeout.ms", "5000");
                p.put("fetch.max.wait.ms", "100");
                KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
                c.assign(List.of(new TopicPartition(f[2], Integer.parseInt(f[3]))));
                KafkaConsumer<byte[], byte[]> old = readers.put(f[1], c);
                if (old != null) old.close(Duration.ofSeconds(1));
                return "OK";
            }
            case "POLL": {
                KafkaConsumer<byte[], byte[]> c = readers.get(f[1]);
                // Reads until its position reaches the high watermark (an outcome, not a time),
                // or the deadline passes.
                long until = System.currentTimeMillis() + Long.parseLong(f[2]);
                StringJoiner j = new StringJoiner(",");
                while (System.currentTimeMillis() < until) {
                    int n = 0;
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        j.add(r.offset() + "=" + new String(r.value(), StandardCharsets.UTF_8));
                        n++;
                    }
                    if (n > 0) continue;
                    try {
                        boolean done = true;
                        for (Map.Entry<TopicPartition, Long> e : c.endOffsets(c.assignment(), Duration.ofSeconds(1)).entrySet())
                            done &= c.position(e.getKey(), Duration.ofSeconds(1)) >= e.getValue();
                        if (done) break;
                    } catch (Exception e) {
                        // leader unknown for now: keep polling
                    }
                }
                String s = j.toString();
                return s.isEmpty() ? "-" : s;
            }
            case "GJOIN": {
                String strategy;
                switch (f[4]) {
                    case "range": strategy = RangeAssignor.class.getName(); break;
                    case "roundrobin": strategy = RoundRobinAssignor.class.getName(); break;
                    case "sticky": strategy = StickyAssignor.class.getName(); break;
                    case "cooperative-sticky": strategy = CooperativeStickyAssignor.class.getName(); break;
                    default: throw new IllegalArgumentException(f[4]);
                }
                Properties p = new Properties();
                p.put("bootstrap.servers", bootstrap);
                p.put("group.id", f[1]);
                p.put("group.protocol", "classic");
                // The member id is "<client.id>-<uuid>": the assignors order members by it, so
                // the engine's member names order them the same way.
                p.put("client.id", f[2]);
                p.put("partition.assignment.strategy", strategy);
                p.put("key.deserializer", ByteArrayDeserializer.class.getName());
                p.put("value.deserializer", ByteArrayDeserializer.class.getName());
                p.put("auto.offset.reset", "earliest");
                p.put("enable.auto.commit", "false");
                p.put("session.timeout.ms", "6000");
                p.put("heartbeat.interval.ms", "500");
                p.put("metadata.max.age.ms", "500");
                p.put("request.timeout.ms", "5000");
                p.put("fetch.max.wait.ms", "100");
                KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
                c.subscribe(List.of(f[3]), new ConsumerRebalanceListener() {
                    public void onPartitionsRevoked(Collection<TopicPartition> parts) {}
                    public void onPartitionsAssigned(Collection<TopicPartition> parts) { c.pause(parts); }
                });
                members.put(f[1] + "/" + f[2], c);
                return "OK";
            }
            case "GLEAVE": {
                KafkaConsumer<byte[], byte[]> c = members.remove(f[1] + "/" + f[2]);
                if (c == null) return "ERR UnknownMember";
                c.close(Duration.ofSeconds(5));
                return "OK";
            }
            case "GCRASH": {
                KafkaConsumer<byte[], byte[]> c = members.remove(f[1] + "/" + f[2]);
                if (c == null) return "ERR UnknownMember";
                c.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                        .withTimeout(Duration.ofSeconds(5)));
                return "OK";
            }
            case "GSETTLE": return settle(f[1], Long.parseLong(f[2]));
            case "GID": {
                KafkaConsumer<byte[], byte[]> c = members.get(f[1] + "/" + f[2]);
                return c == null ? "-" : c.groupMetadata().memberId();
            }
            case "GREAD": {
                KafkaConsumer<byte[], byte[]> c = members.get(f[1] + "/" + f[2]);
                if (c == null) return "ERR UnknownMember";
                Map<Integer, StringJoiner> read = new TreeMap<>();
                c.resume(c.assignment());
                long until = System.currentTimeMillis() + Long.parseLong(f[3]);
                try {
                    while (System.currentTimeMillis() < until) {
                        int n = 0;
                        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                            read.computeIfAbsent(r.partition(), k -> new StringJoiner(","))
                                .add(r.offset() + "=" + new String(r.value(), StandardCharsets.UTF_8));
                            n++;
                        }
                        if (n > 0) continue;
                        try {
                            boolean done = true;
                            for (Map.Entry<TopicPartition, Long> e : c.endOffsets(c.assignment(), Duration.ofSeconds(1)).entrySet())
                                done &= c.position(e.getKey(), Duration.ofSeconds(1)) >= e.getValue();
                            if (done) break;
                        } catch (Exception e) {
                            // leader unknown for now: keep polling
                        }
                    }
                } finally {
                    c.pause(c.assignment());
                }
                StringJoiner j = new StringJoiner(";");
                for (Map.Entry<Integer, StringJoiner> e : read.entrySet()) j.add(e.getKey() + ":" + e.getValue());
                String s = j.toString();
                return s.isEmpty() ? "-" : s;
            }
            case "GCOMMIT": {
                KafkaConsumer<byte[], byte[]> c = members.get(f[1] + "/" + f[2]);
                if (c == null) return "ERR UnknownMember";
                c.commitSync(Duration.ofSeconds(10));
                Map<TopicPartition, OffsetAndMetadata> o = admin.listConsumerGroupOffsets(f[1])
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                TreeMap<Integer, Long> sorted = new TreeMap<>();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : o.entrySet())
                    if (e.getValue() != null) sorted.put(e.getKey().partition(), e.getValue().offset());
                StringJoiner j = new StringJoiner(" ");
                for (Map.Entry<Integer, Long> e : sorted.entrySet()) j.add(e.getKey() + "=" + e.getValue());
                String s = j.toString();
                return s.isEmpty() ? "-" : s;
            }
            case "GSEEK": {
                KafkaConsumer<byte[], byte[]> c = members.get(f[1] + "/" + f[2]);
                if (c == null) return "ERR UnknownMember";
                List<TopicPartition> owned = new ArrayList<>(c.assignment());
                owned.sort(Comparator.comparingInt(TopicPartition::partition));
                int nth = Integer.parseInt(f[3]);
                if (nth >= owned.size()) return "none";
                TopicPartition tp = owned.get(nth);
                long offset;
                if (f[4].equals("b")) {
                    offset = c.beginningOffsets(List.of(tp), Duration.ofSeconds(5)).get(tp);
                } else {
                    long end = c.endOffsets(List.of(tp), Duration.ofSeconds(5)).get(tp);
                    offset = Math.min(Long.parseLong(f[4]), end);
                }
                c.seek(tp, offset);
                return tp.partition() + " " + offset;
            }
            default:
                throw new IllegalArgumentException(f[0]);
        }
    }

    /**
     * Polls the group's live members in turn (their partitions stay paused) until the group is
     * stable: the coordinator says Stable with exactly these members, each member's own
     * assignment equals what the coordinator gave it, all at one generation, and that holds for
     * a whole heartbeat interval and more (so a cooperative follow-up round has begun if one is
     * due). Then each member's assignment, by member name.
     */
    static String settle(String group, long ms) throws Exception {
        List<Map.Entry<String, KafkaConsumer<byte[], byte[]>>> live = new ArrayList<>();
        for (Map.Entry<String, KafkaConsumer<byte[], byte[]>> e : members.entrySet())
            if (e.getKey().startsWith(group + "/")) live.add(e);
        long until = System.currentTimeMillis() + ms;
        long stableSince = -1;
        while (System.currentTimeMillis() < until) {
            for (Map.Entry<String, KafkaConsumer<byte[], byte[]>> e : live) e.getValue().poll(Duration.ofMillis(50));
            boolean stable;
            try {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                    .get(5, TimeUnit.SECONDS).get(group);
                stable = d.groupState() == GroupState.STABLE && d.members().size() == live.size();
                Map<String, Set<TopicPartition>> given = new HashMap<>();
                for (MemberDescription m : d.members()) given.put(m.consumerId(), m.assignment().topicPartitions());
                int gen = -2;
                for (Map.Entry<String, KafkaConsumer<byte[], byte[]>> e : live) {
                    ConsumerGroupMetadata md = e.getValue().groupMetadata();
                    stable &= given.containsKey(md.memberId()) && given.get(md.memberId()).equals(e.getValue().assignment());
                    if (gen == -2) gen = md.generationId();
                    stable &= md.generationId() == gen && gen > 0;
                }
            } catch (Exception e) {
                stable = false;
            }
            if (!stable || live.isEmpty()) {
                stableSince = -1;
                if (live.isEmpty()) break;
                continue;
            }
            if (stableSince < 0) stableSince = System.currentTimeMillis();
            else if (System.currentTimeMillis() - stableSince >= 600) break;
        }
        TreeMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, KafkaConsumer<byte[], byte[]>> e : live) {
            List<Integer> ps = new ArrayList<>();
            for (TopicPartition tp : e.getValue().assignment()) ps.add(tp.partition());
            Collections.sort(ps);
            StringJoiner j = new StringJoiner(",");
            for (int x : ps) j.add(String.valueOf(x));
            String s = j.toString();
            out.put(e.getKey().substring(group.length() + 1), s.isEmpty() ? "-" : s);
        }
        StringJoiner j = new StringJoiner(" ");
        for (Map.Entry<String, String> e : out.entrySet()) j.add(e.getKey() + "=" + e.getValue());
        String s = j.toString();
        return s.isEmpty() ? "-" : s;
    }

    static KafkaProducer<byte[], byte[]> producer(String acks) {
        return producers.computeIfAbsent(acks, a -> {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("key.serializer", ByteArraySerializer.class.getName());
            p.put("value.serializer", ByteArraySerializer.class.getName());
            if (a.equals("idem")) {
                // The idempotent producer: acks=all and retries (Kafka refuses it with
                // retries=0), so NOT_ENOUGH_REPLICAS is retried until delivery.timeout.ms.
                p.put("acks", "all");
                p.put("enable.idempotence", "true");
                p.put("max.in.flight.requests.per.connection", "5");
            } else {
                p.put("acks", a);
                p.put("retries", "0");
                p.put("enable.idempotence", "false");
            }
            p.put("linger.ms", "0");
            p.put("request.timeout.ms", "4000");
            p.put("delivery.timeout.ms", "5000");
            p.put("max.block.ms", "5000");
            p.put("metadata.max.age.ms", "500");
            return new KafkaProducer<>(p);
        });
    }
}
