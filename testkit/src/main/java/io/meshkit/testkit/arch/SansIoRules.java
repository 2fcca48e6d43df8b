package io.meshkit.testkit.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The architecture rules every sans-IO protocol core of the kit is checked against (the signaling realm, the STUN
 * responder, the mesh core), in one place. A core is a pure state machine: the adapter passes it the time and a seeded
 * random source, and carries out its effects. What breaks that purity, and only that, is forbidden here:
 * <ul>
 *   <li>threads and executors (a core never runs anything later by itself);</li>
 *   <li>the clock ({@code System.currentTimeMillis}, {@code nanoTime}, {@code java.time}): time is an argument;</li>
 *   <li>unseeded randomness: {@code new Random()}, {@code new SplittableRandom()}, {@code SecureRandom},
 *       {@code ThreadLocalRandom}, {@code UUID.randomUUID()}, {@code Math.random()}, the JDK 17 default generators
 *       ({@code RandomGenerator.getDefault()/of(..)}, {@code RandomGeneratorFactory}); a generator built from a
 *       seed the adapter passes in ({@code new SplittableRandom(seed)}) is fine;</li>
 *   <li>name lookups: {@code InetAddress.getByName/getAllByName/getLocalHost}, reverse lookups
 *       ({@code getHostName}, {@code getCanonicalHostName}) and {@code new InetSocketAddress(String, int)}, which
 *       resolves at once and may block on DNS.</li>
 * </ul>
 * The JDK's crypto ({@code java.security.MessageDigest}, {@code javax.crypto.Mac}) is deliberately not forbidden: a core
 * that needs an HMAC should use the JDK's, never a hand-written one.
 */
public final class SansIoRules {

    private SansIoRules() {}

    /** No threads, executors or other {@code java.util.concurrent} machinery in {@code packages}. */
    public static ArchRule noThreads(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .because("a sans-IO core never runs anything by itself; the adapter's thread calls it");
    }

    /** No clock in {@code packages}: the time is an argument of {@code step}. */
    public static ArchRule noWallClock(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().resideInAPackage("java.time..")
                .because("the adapter reads the clock and passes the time in, so tests can step a fake clock");
    }

    /** No randomness the adapter did not seed, in {@code packages}. */
    public static ArchRule noUnseededRandomness(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().callConstructor(Random.class)
                .orShould().callConstructor(SplittableRandom.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
                .orShould().dependOnClassesThat()
                .haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat()
                .haveFullyQualifiedName("java.util.random.RandomGeneratorFactory")
                .orShould().callMethod("java.util.random.RandomGenerator", "getDefault")
                .orShould().callMethod("java.util.random.RandomGenerator", "of", String.class.getName())
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(StrictMath.class, "random")
                .because("randomness comes from a generator the adapter seeds, so a run can be repeated");
    }

    /** No DNS (forward or reverse) in {@code packages}: a core takes addresses, it never looks names up. */
    public static ArchRule noNameLookups(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().callMethod(InetAddress.class, "getByName", String.class)
                .orShould().callMethod(InetAddress.class, "getAllByName", String.class)
                .orShould().callMethod(InetAddress.class, "getLocalHost")
                .orShould().callMethod(InetAddress.class, "getHostName")
                .orShould().callMethod(InetAddress.class, "getCanonicalHostName")
                .orShould().callConstructor(InetSocketAddress.class, String.class, int.class)
                .because("a lookup may block on DNS; the adapter resolves and passes addresses in");
    }
}
