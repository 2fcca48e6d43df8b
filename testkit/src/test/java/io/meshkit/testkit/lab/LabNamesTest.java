package io.meshkit.testkit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabNamesTest {
    @Test
    void shouldReadTheOwnerPidOnlyFromLabNamespaceNames() {
        assertThat(LabNames.namespaceOwner("mk-4242-0a1f-wan")).contains(4242L);
        assertThat(LabNames.namespaceOwner("mk-4242-0a1f-nat-a")).contains(4242L);
        assertThat(LabNames.namespaceOwner("mk-4242-0a1f-single")).contains(4242L);
        assertThat(LabNames.namespaceOwner("mk-4242-wan")).isEmpty();
        assertThat(LabNames.namespaceOwner("mkprobe0")).isEmpty();
        assertThat(LabNames.namespaceOwner("other-4242-0a1f-wan")).isEmpty();
    }

    @Test
    void newPrefixCarriesThisPidAndIsUniquePerLab() {
        String a = LabNames.newPrefix();
        assertThat(LabNames.namespaceOwner(a + "-wan")).contains(ProcessHandle.current().pid());
        assertThat(a).matches("mk-\\d+-[0-9a-f]{4}");
    }

    @Test
    void udpAgentPrintsOnlyBoundedPrintableText() {
        assertThat(UdpAgent.clean("a\u0000b\nc")).isEqualTo("a?b?c");
        assertThat(UdpAgent.clean("x".repeat(5000))).hasSize(UdpAgent.MAX_TEXT);
    }
}
