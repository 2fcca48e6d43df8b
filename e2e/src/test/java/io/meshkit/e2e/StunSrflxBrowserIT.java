package io.meshkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.lab.Host;
import io.meshkit.testkit.lab.NatLab;
import io.meshkit.testkit.lab.NatLabExtension;
import io.meshkit.testkit.lab.Wan;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Chromium behind a NAT gathers ICE candidates with our STUN server as its only ICE server: the
 * server-reflexive candidate must carry the NAT's WAN address, the address the app uses to tell
 * which peers share a network.
 */
class StunSrflxBrowserIT {
    @RegisterExtension
    static final NatLabExtension LAB = NatLabExtension.of(b -> b.lan("a", 1));

    static final Pattern SRFLX = Pattern.compile(" udp \\d+ ([0-9.]+) (\\d+) typ srflx ");

    @Test
    void srflxCandidateIsTheNatWanAddress() {
        NatLab lab = LAB.lab();
        ManagedProcess stun = WanServers.stun(lab.wan());
        Host a0 = lab.host("a", 0);
        List<String> console = LabPage.console();
        Chromium chromium = a0.chromium(List.of());
        Page page = LabPage.open(chromium.browser(), "a0", console);

        List<String> candidates = LabPage.gatherCandidates(page, "stun:" + Wan.ADDRESS + ":" + WanServers.STUN_PORT);

        List<String> srflx = candidates.stream().filter(c -> c.contains(" typ srflx ")).toList();
        assertThat(srflx).as("candidates %s, console %s, STUN log:%n%s", candidates, console, stun.output())
                .isNotEmpty();
        for (String c : srflx) {
            Matcher m = SRFLX.matcher(c);
            assertThat(m.find()).as(c).isTrue();
            assertThat(m.group(1)).isEqualTo(lab.nat("a").wanAddress()).isEqualTo("203.0.113.10");
        }
        // No candidate leaks a LAN address as a public one.
        assertThat(srflx).noneMatch(c -> c.contains(" 198.18."));
    }
}
