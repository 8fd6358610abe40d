// The Java side of the Kafka differential tests: Kafka's own client code, driven line by line
// over stdin/stdout by the Rust harness (tests/kafka-diff/src). Compiled by the harness with
// `javac -cp 'target/kafka-diff/lib/*'`; no build plugin needed.
//
// Mode `algos`: the client-side algorithms. Each request line gets exactly one reply line.
//   P <key hex> <partitions>  ->  <Utils.murmur2> <Utils.toPositive> <BuiltInPartitioner.partitionForKey>
//   A <strategy> <topic:n,...|-> <member;instance|-;topic,...;owned t:p,...|-;generation|-> ...
//     ->  <member>=<t:p,...> ... in input order (the assignment of the first round, as the
//         group leader's ConsumerPartitionAssignor.assign(Cluster, GroupSubscription) returns it)

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.*;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

public class KafkaDiffDriver {
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "algos";
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (mode.equals("algos")) {
            algos(in, out);
        } else if (mode.equals("cluster")) {
            ClusterDriver.run(args, in, out);
        } else {
            throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    static void algos(BufferedReader in, PrintStream out) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "P": {
                    byte[] key = hex(f[1]);
                    int n = Integer.parseInt(f[2]);
                    int h = Utils.murmur2(key);
                    out.println(h + " " + Utils.toPositive(h) + " " + BuiltInPartitioner.partitionForKey(key, n));
                    break;
                }
                case "A":
                    String reply;
                    try {
                        reply = assign(f);
                    } catch (RuntimeException e) {
                        // The leader's assignor failing fails the rebalance: an answer too.
                        reply = "ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    out.println(reply);
                    break;
                case "Q":
                    out.flush();
                    return;
                default:
                    throw new IllegalArgumentException("bad line: " + line);
            }
            out.flush();
        }
    }

    static byte[] hex(String s) {
        if (s.equals("-")) return new byte[0];
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    static List<TopicPartition> tps(String s) {
        List<TopicPartition> l = new ArrayList<>();
        if (s.equals("-")) return l;
        for (String tp : s.split(",")) {
            int i = tp.lastIndexOf(':');
            l.add(new TopicPartition(tp.substring(0, i), Integer.parseInt(tp.substring(i + 1))));
        }
        return l;
    }

    static String assign(String[] f) {
        String strategy = f[1];
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> parts = new ArrayList<>();
        if (!f[2].equals("-")) {
            for (String tn : f[2].split(",")) {
                int i = tn.lastIndexOf(':');
                String topic = tn.substring(0, i);
                int n = Integer.parseInt(tn.substring(i + 1));
                for (int p = 0; p < n; p++)
                    parts.add(new PartitionInfo(topic, p, node, new Node[]{node}, new Node[]{node}));
            }
        }
        Cluster cluster = new Cluster("kafka-diff", List.of(node), parts, Set.of(), Set.of());
        // ConsumerCoordinator.onLeaderElected collects the members' subscriptions in a HashMap.
        Map<String, Subscription> subs = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int m = 3; m < f.length; m++) {
            String[] g = f[m].split(";", -1);
            String member = g[0];
            Optional<String> instance = g[1].equals("-") ? Optional.empty() : Optional.of(g[1]);
            List<String> topics = g[2].isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(g[2].split(",")));
            List<TopicPartition> owned = tps(g[3]);
            boolean hasGen = !g[4].equals("-");
            int gen = hasGen ? Integer.parseInt(g[4]) : -1;
            Subscription s;
            switch (strategy) {
                case "sticky": {
                    // The eager StickyAssignor carries owned partitions and generation in its
                    // user data, written by the member's own assignor after its last assignment.
                    StickyAssignor mine = new StickyAssignor();
                    if (hasGen)
                        mine.onAssignment(new Assignment(owned), new ConsumerGroupMetadata("g", gen, member, instance));
                    ByteBuffer userData = mine.subscriptionUserData(new HashSet<>(topics));
                    s = new Subscription(topics, userData, List.of(), gen, Optional.empty());
                    break;
                }
                default:
                    s = hasGen ? new Subscription(topics, null, owned, gen, Optional.empty())
                               : new Subscription(topics, null, owned);
            }
            s.setGroupInstanceId(instance);
            subs.put(member, s);
            order.add(member);
        }
        ConsumerPartitionAssignor a;
        switch (strategy) {
            case "range": a = new RangeAssignor(); break;
            case "roundrobin": a = new RoundRobinAssignor(); break;
            case "sticky": a = new StickyAssignor(); break;
            case "cooperative-sticky": a = new CooperativeStickyAssignor(); break;
            default: throw new IllegalArgumentException(strategy);
        }
        Map<String, Assignment> result = a.assign(cluster, new GroupSubscription(subs)).groupAssignment();
        StringBuilder sb = new StringBuilder();
        for (String member : order) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(member).append('=');
            Assignment as = result.get(member);
            if (as == null) { sb.append('!'); continue; }
            boolean first = true;
            for (TopicPartition tp : as.partitions()) {
                if (!first) sb.append(',');
                first = false;
                sb.append(tp.topic()).append(':').append(tp.partition());
            }
        }
        return sb.toString();
    }
}
