package io.meshkit.signaling.diff;

import static io.meshkit.signaling.diff.DiffSupport.list;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both servers with short timers and the other realm flags: {@code -t 300 --alive_timeout 1200
 * --cleanup_out_msgs 100 -c 3 -k sesame --allow_discovery}, plus {@code --max_ids_per_ip 0}: with
 * {@code -c 3} ours would let one address hold only 1 ID (at most half of {@code -c}), and every
 * client of this test comes from 127.0.0.1. The reference has no such limit (yargs ignores the flag).
 */
class ReferenceTimingFlagsDiffIT {
    private static DiffSupport diff;

    @BeforeAll
    static void start() {
        diff = new DiffSupport("timing-flags", List.of("-t", "300", "--alive_timeout", "1200",
                "--cleanup_out_msgs=100", "-c", "3", "-k", "sesame", "--allow_discovery", "--max_ids_per_ip", "0"), null);
    }

    @AfterAll
    static void stop() {
        if (diff != null) {
            diff.close();
        }
    }

    @Test
    void keyFlagAndDiscovery() {
        diff.check("--key/-k and --allow_discovery: default key refused, GET {key}/peers lists IDs in order", t -> {
            try (WsProbe wrong = t.open("/peerjs?key=peerjs&id=k-a&token=t", "x");
                 WsProbe a = t.client("sesame", "k-a", "t");
                 WsProbe b = t.client("sesame", "k-b", "t")) {
                return list(wrong.until("close", WsProbe.WAIT), t.http("GET", "/sesame/peers"),
                        t.http("GET", "/whatever/peers"));
            }
        }, "Invalid key provided", "[\"k-a\",\"k-b\"]");
    }

    @Test
    void concurrentLimitCountsIdsAndSparesReattach() {
        diff.check("--concurrent_limit/-c: the 4th ID is refused, a re-attach with the same token is not", t -> {
            try (WsProbe a = t.client("sesame", "c-a", "t");
                 WsProbe b = t.client("sesame", "c-b", "t");
                 WsProbe c = t.client("sesame", "c-c", "t");
                 WsProbe d = t.open("/peerjs?key=sesame&id=c-d&token=t", "c-d");
                 WsProbe again = t.open("/peerjs?key=sesame&id=c-a&token=t", "c-a")) {
                List<String> refused = d.until("close", WsProbe.WAIT);
                List<String> reattached = again.sync();
                return list("4th", refused, "re-attach", reattached);
            }
        }, "Server has reached its concurrent user limit");
    }

    @Test
    void expireAnswersOncePerPairAndDropsTheQueue() {
        diff.check("--expire_timeout/-t: one EXPIRE per (src,dst) after the timeout, queue dropped", t -> {
            try (WsProbe a = t.client("sesame", "e-a", "t")) {
                a.send("{\"type\":\"OFFER\",\"dst\":\"e-x\",\"payload\":1}");
                a.send("{\"type\":\"CANDIDATE\",\"dst\":\"e-x\",\"payload\":2}");
                a.send("{\"type\":\"ANSWER\",\"dst\":\"e-y\",\"payload\":3}");
                List<String> got = a.until("msg", Duration.ofSeconds(3));
                got.addAll(a.until("msg", Duration.ofSeconds(3)));
                got.sort(null);
                got.add("then");
                got.addAll(a.sync());
                try (WsProbe x = t.open("/peerjs?key=sesame&id=e-x&token=t", "e-x")) {
                    got.add(x.next());
                    got.add("x after open: " + x.sync());
                }
                return got;
            }
        }, "{\"type\":\"EXPIRE\",\"src\":\"e-x\",\"dst\":\"e-a\"}", "{\"type\":\"EXPIRE\",\"src\":\"e-y\",\"dst\":\"e-a\"}");
    }

    @Test
    void aliveTimeoutReleasesSilentIdsAndHeartbeatKeepsThem() {
        diff.check("--alive_timeout: no HEARTBEAT closes the socket and frees the ID; HEARTBEATs keep it", t -> {
            try (WsProbe silent = t.client("sesame", "al-silent", "t");
                 WsProbe beating = t.client("sesame", "al-beat", "t")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                List<String> silentSaw = null;
                // Heartbeat every ~200 ms (paced by a barrier round trip plus a bounded wait on the silent one).
                while (System.nanoTime() < deadline) {
                    beating.send("{\"type\":\"HEARTBEAT\"}");
                    beating.sync();
                    List<String> s = silent.until("close", Duration.ofMillis(200));
                    if (!s.get(s.size() - 1).startsWith("timeout")) {
                        silentSaw = s;
                        break;
                    }
                }
                // One more beat, then check who holds an ID.
                beating.send("{\"type\":\"HEARTBEAT\"}");
                beating.sync();
                String peers = t.http("GET", "/sesame/peers");
                String reclaim = claim(t);
                return list("silent", silentSaw, "peers", peers, "reclaim", reclaim, "beating", beating.sync());
            }
        }, "close 1005", "[\"al-beat\"]");
    }

    private static String claim(DiffSupport.Target t) {
        try (WsProbe p = t.open("/peerjs?key=sesame&id=al-silent&token=new", "al-silent")) {
            return p.next();
        }
    }
}
