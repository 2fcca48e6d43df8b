package io.meshkit.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.Namespace;
import io.meshkit.mesh.identity.HandshakeTranscript;
import io.meshkit.mesh.identity.Hex;
import io.meshkit.mesh.identity.IdentityKey;
import io.meshkit.testkit.lab.Await;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The app served by the kit. Three tabs in one namespace elect one router and list each other under "On this
 * network" (as strangers, with Connect); closing the router's tab is a clean exit (the app leaves on pagehide), and
 * the other two fail over within the clean-exit goal (docs/PROTOCOL.md §15: 3 s). And the app's own modules, in
 * Chromium, compute the spec's vectors and the same namespaces, IDs and handshake transcripts as the Java client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppMeshIT {
    /** The clean-exit goal; the time measured includes the tests' polling of the pages. */
    static final long CLEAN_EXIT_MS = 3_000;

    private AppBrowser browser;

    @BeforeAll
    void start() {
        browser = AppBrowser.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Timeout(300)
    void threeTabsElectOneRouterListEachOtherAndFailOverWhenTheRoutersTabCloses() {
        List<AppPage> tabs = new ArrayList<>();
        for (String name : List.of("alice", "bob", "carol")) {
            tabs.add(browser.open(name).start());
        }
        Await.until(() -> MeshGroups.converged(tabs), Duration.ofSeconds(60), () -> MeshGroups.describe(tabs));
        AppPage router = tabs.stream().filter(AppPage::isRouter).findFirst().orElseThrow();
        for (AppPage t : tabs) {
            assertThat(t.strangers()).as(t.name).isEqualTo(MeshGroups.others(tabs, t));
            if (t != router) {
                assertThat(t.status()).isEqualTo("Router: " + router.name);
            }
        }
        tabs.get(0).screenshot("lists.png");

        List<AppPage> rest = new ArrayList<>(tabs);
        rest.remove(router);
        long t0 = System.nanoTime();
        router.closeTab();
        Await.until(() -> MeshGroups.converged(rest), Duration.ofSeconds(30), () -> MeshGroups.describe(rest));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("app: the router's tab closed, the other two converged in %d ms%n", ms);
        assertThat(ms).as("clean exit, measured with the tests' polling").isLessThanOrEqualTo(CLEAN_EXIT_MS);
        for (AppPage t : rest) {
            assertThat(t.peerNames()).isEqualTo(Set.of(MeshGroups.others(rest, t).iterator().next()));
        }
        for (AppPage t : rest) {
            t.closeTab();
        }
    }

    /** The spec's vectors (§2.3, §13.1.9) computed by the app's modules in the page, with the browser's WebCrypto. */
    private static final String SPEC_VECTORS = """
            async () => {
              const ns = await import('./js/mesh/core/namespace.js');
              const ids = await import('./js/mesh/core/ids.js');
              const tr = await import('./js/contacts/core/transcript.js');
              const { Handshake } = await import('./js/contacts/core/handshake.js');
              const b = await import('./js/contacts/core/bytes.js');
              const id = await import('./js/contacts/identity.js');
              const run = (from) => Uint8Array.from({ length: 32 }, (_, i) => from + i);
              const sha = async (bytes) => b.toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
              const ik = '0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299';
              const rk = '0428fb5f99b3b7b183c9983f818e6ae5fec43cb3294df215426ddc662f9adc08937a5d857e8b602d06ff0755c11ee57a441c5afb6ce20307dafc335b3280db33c3';
              const iid = 'mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d';
              const rid = 'mesh-n41c0c7ed3b598e44-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f';
              const f = { initiatorId: iid, responderId: rid, initiatorFp: run(0), responderFp: run(0x20),
                initiatorKey: b.fromHex(ik, 65), responderKey: b.fromHex(rk, 65), initiatorNonce: run(0xa0), responderNonce: run(0xc0) };
              const hs = new Handshake({ role: 'responder', localId: rid, remoteId: iid, localFp: run(0x20), remoteFp: run(0),
                myKey: rk, nonce: run(0xc0) });
              const proving = hs.onMessage({ type: 'hello', version: 1, key: ik, nonce: b.toHex(run(0xa0)) });
              const nsIds = new ids.NamespaceIds('mesh', 'n41c0c7ed3b598e44');
              return {
                ns4: await ns.namespaceOf('mesh', '203.0.113.10'),
                ns6: await ns.namespaceOf('mesh', '2001:db8:1:2:ffee::9'),
                nsApp: await ns.namespaceOf('app', '203.0.113.10'),
                nsMyapp: await ns.namespaceOf('myapp-v2', '2001:67c:1234:1234::5'),
                transportId: ids.transportId('mesh', '0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d'),
                discoveryId: nsIds.discoveryId('5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f'),
                slot16: nsIds.slotId(16),
                fpI: await id.fingerprint(b.fromHex(ik, 65)),
                fpR: await id.fingerprint(b.fromHex(rk, 65)),
                trI: await sha(tr.transcript('initiator', f)),
                trR: await sha(proving.prove.transcript),
                trILength: tr.transcript('initiator', f).length,
                sigI: await id.verify(ik, tr.transcript('initiator', f), 'd333f448c68b4d1bc00c307979344d98b2a1eca633aea8da2796c618ddcfb27620370ad44f4b885a848c8bb1fb540a1a82c0065ac1542e88165fbca936f7a3ce'),
                sigR: await id.verify(rk, tr.transcript('responder', f), '1ebdf2137b43864643175e3327ef8a2ef2f6a2572b83cbe85b943baab6c840acdb44f3b1e31a324d9846a22dfedb2963ba59cddd6930d7839d84d4f16c87661e'),
                sigSwapped: await id.verify(ik, tr.transcript('responder', f), 'd333f448c68b4d1bc00c307979344d98b2a1eca633aea8da2796c618ddcfb27620370ad44f4b885a848c8bb1fb540a1a82c0065ac1542e88165fbca936f7a3ce'),
                safety: id.grouped(await id.safetyNumber(ik, rk)),
              };
            }""";

    @Test
    @Timeout(120)
    void theAppsModulesComputeTheSpecsVectorsInChromium() {
        AppPage p = browser.open("vectors");
        @SuppressWarnings("unchecked")
        Map<String, Object> v = (Map<String, Object>) p.page.evaluate(SPEC_VECTORS);
        assertThat(v).containsEntry("ns4", "n41c0c7ed3b598e44").containsEntry("ns6", "n5c409405e8e713a2")
                .containsEntry("nsApp", "ndca526aa5ca3e386").containsEntry("nsMyapp", "nfaad2005abfa4a74")
                .containsEntry("transportId", "mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d")
                .containsEntry("discoveryId", "mesh-n41c0c7ed3b598e44-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f")
                .containsEntry("slot16", "mesh-n41c0c7ed3b598e44-16")
                .containsEntry("fpI", "b18b86ce1389e46de87aa4a5131ce83c1160fa33c087ab15b863574d31d8ff3c")
                .containsEntry("fpR", "2e78838f562330aa901473d097732f25d5fedde01f935eebabb701a12f5244e9")
                .containsEntry("trI", "8f76ff4e5968cb54b70539579b3317c58e4106ee18590716aa3274a33e350624")
                .containsEntry("trR", "508845df6d1a74b3d64771c925429ab3f08241bcf682c4806bf2b61fa163d8c2")
                .containsEntry("trILength", 435)
                .containsEntry("sigI", true).containsEntry("sigR", true).containsEntry("sigSwapped", false)
                .containsEntry("safety", "68501 26280 10662 49217 13432 60481 98404 81414 49435 01483 84396 19870");
        @SuppressWarnings("unchecked")
        Map<String, Object> later = (Map<String, Object>) p.page.evaluate(LATER_VECTORS);
        assertThat(later).containsEntry("prefix", "bcd3b741c3743d98d").containsEntry("prefixNext", "b086169a77f4e3e46")
                .containsEntry("byB", "none").containsEntry("nsOfPrefix", "n6e0ddd7bbfd7b8f0")
                .containsEntry("label", "UTC-2024-06-10-14-3")
                .containsEntry("rendezvous", "rendezvous-4b6b173833aa6b9cdb0bc883d08fda57")
                .containsEntry("priority", "fc1346d3a0957b19").containsEntry("phase", 20575)
                .containsEntry("newYear", "rendezvous-1c08ebb903b06f36f41d1454e67e06e3");
        p.close();
    }

    /** The beacon's (§13.3.6) and rendezvous namespaces' (§13.2.8) vectors, by the app's modules in the page. */
    private static final String LATER_VECTORS = """
            async () => {
              const bc = await import('./js/mesh/beacon.js');
              const rv = await import('./js/mesh/rendezvous.js');
              const ns = await import('./js/mesh/core/namespace.js');
              const a = await bc.importBeaconKey({ kty: 'EC', crv: 'P-256', x: 'YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y',
                y: 'eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk' });
              const first = await bc.verifiedPrefix('1.600.2863383.5ab64cf47879908bd2cc8cd9ec97ea2c275bc377fc49ef8c709033f65bd247d0b334543375255f0d3c3566915668822e1fe1693e97842c43d87211c0e7ad6953', [a], 1718030100000);
              const next = await bc.verifiedPrefix('1.600.2863384.cfc9609d68f20b6941a6ccb0351cca90e006d61e7290bc351550661831ba17d185cf29cd36a4b9058e92e46bca3241a5a558a3e447181758e21c5f7fb71668fb', [a], 1718030400000);
              const byB = await bc.verifiedPrefix('1.600.2863383.a355c57a71122b597a7c2d534f5370189a47e07a5197fe8b8a78514deddda6fdd249dab800bc2250d1b138fd02490e521df0ab55b4b50b9ea653b1560e9d9e77', [a], 1718030100000);
              const secret = Uint8Array.from({ length: 32 }, (_, i) => i);
              const r = await rv.rendezvousNamespace(secret, rv.slotIndex(1718030100000));
              return { prefix: first?.prefix, prefixNext: next?.prefix, byB: byB === null ? 'none' : byB.prefix,
                nsOfPrefix: await ns.namespaceOf(first.prefix, '203.0.113.10'), label: r.label, rendezvous: r.ns,
                priority: r.priority, phase: await rv.rendezvousPhase(secret),
                newYear: (await rv.rendezvousNamespace(secret, rv.slotIndex(1735689600000))).ns };
            }""";

    @Test
    @Timeout(120)
    void theAppAndTheJavaClientAgreeOnRandomNamespacesTranscriptsAndSignatures() throws Exception {
        AppPage p = browser.open("cross");
        Random random = new Random(20240601);
        for (int i = 0; i < 20; i++) {
            byte[] address = new byte[i % 2 == 0 ? 4 : 16];
            random.nextBytes(address);
            String text = InetAddress.getByAddress(address).getHostAddress();
            Object js = p.page.evaluate("async (ip) => (await import('./js/mesh/core/namespace.js')).namespaceOf('mesh', ip)", text);
            assertThat(js).as(text).isEqualTo(Namespace.of("mesh", address));
        }
        // A key made by the app (non-extractable, as the app keeps it) signs a transcript Java builds the same way;
        // Java verifies the signature.
        byte[][] fields = new byte[6][];
        for (int i = 0; i < 6; i++) {
            fields[i] = new byte[32];
            random.nextBytes(fields[i]);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> made = (Map<String, Object>) p.page.evaluate("""
                async ([fpI, fpR, nI, nR]) => {
                  const { Identity } = await import('./js/contacts/identity.js');
                  const tr = await import('./js/contacts/core/transcript.js');
                  const b = await import('./js/contacts/core/bytes.js');
                  const kv = new Map();
                  const me = await Identity.load({ get: async (k) => kv.get(k), put: async (k, v) => kv.set(k, v) });
                  const other = '0428fb5f99b3b7b183c9983f818e6ae5fec43cb3294df215426ddc662f9adc08937a5d857e8b602d06ff0755c11ee57a441c5afb6ce20307dafc335b3280db33c3';
                  const t = tr.transcript('initiator', { initiatorId: 'mesh-a', responderId: 'mesh-n1-b-uuid-1234',
                    initiatorFp: b.fromHex(fpI, 32), responderFp: b.fromHex(fpR, 32), initiatorKey: me.raw,
                    responderKey: b.fromHex(other, 65), initiatorNonce: b.fromHex(nI, 32), responderNonce: b.fromHex(nR, 32) });
                  let exported = 'refused';
                  try { await crypto.subtle.exportKey('pkcs8', me.pair.privateKey); exported = 'exported'; } catch { }
                  return { key: me.key, fingerprint: me.fingerprint, transcript: b.toHex(t), signature: await me.sign(t), exported };
                }""", List.of(hex(fields[0]), hex(fields[1]), hex(fields[2]), hex(fields[3])));
        IdentityKey key = IdentityKey.parseHex((String) made.get("key")).orElseThrow();
        IdentityKey other = IdentityKey.parseHex("0428fb5f99b3b7b183c9983f818e6ae5fec43cb3294df215426ddc662f9adc08937a5d857e8b60"
                + "2d06ff0755c11ee57a441c5afb6ce20307dafc335b3280db33c3").orElseThrow();
        byte[] javaTranscript = new HandshakeTranscript("mesh-a", "mesh-n1-b-uuid-1234", fields[0], fields[1], key, other,
                fields[2], fields[3]).toSign(HandshakeTranscript.Role.INITIATOR);
        assertThat(made.get("transcript")).isEqualTo(hex(javaTranscript));
        assertThat(made.get("fingerprint")).isEqualTo(key.fingerprint());
        assertThat(key.verify(javaTranscript, Hex.decode((String) made.get("signature"), 64).orElseThrow())).isTrue();
        javaTranscript[javaTranscript.length - 1] ^= 1;
        assertThat(key.verify(javaTranscript, Hex.decode((String) made.get("signature"), 64).orElseThrow())).isFalse();
        assertThat(made.get("exported")).as("the private key cannot leave WebCrypto").isEqualTo("refused");
        p.close();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
