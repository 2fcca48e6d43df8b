package io.meshkit.testkit.lab;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link NatLab} per test class: built before the first test (skipping outside CI, failing on CI,
 * when not root), closed after the last one.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NatLabExtension LAB = NatLabExtension.of(b -> b.lan("a", 2).lan("b", 1));
 *
 * @Test void x() { Host a0 = LAB.lab().host("a", 0); ... }
 * }</pre>
 */
public final class NatLabExtension implements BeforeAllCallback, AfterAllCallback {
    private final Consumer<NatLab.Builder> topology;
    private volatile NatLab lab;

    private NatLabExtension(Consumer<NatLab.Builder> topology) {
        this.topology = topology;
    }

    /** A lab described by {@code topology} (the builder's LANs). */
    public static NatLabExtension of(Consumer<NatLab.Builder> topology) {
        return new NatLabExtension(topology);
    }

    /** The lab of the running test class. */
    public NatLab lab() {
        if (lab == null) {
            throw new IllegalStateException("the NAT lab exists only between beforeAll and afterAll");
        }
        return lab;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        NatLab.Builder b = NatLab.builder();
        topology.accept(b);
        lab = b.build();
        System.out.println("[natlab] " + lab + " built in " + lab.buildMillis() + " ms");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        NatLab l = lab;
        lab = null;
        if (l != null) {
            l.close();
            System.out.println("[natlab] " + l.prefix() + " torn down in " + l.teardownMillis() + " ms");
        }
    }
}
