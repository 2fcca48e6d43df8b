package io.meshkit.testkit.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Every test is bounded in time, so no test (and no test kit) may wait without a deadline: a
 * server that never answers must fail the test with a message, not hang the build until CI kills
 * it. Forbidden are the JDK's and Netty's waits that have a bounded twin: {@code Future.get()}
 * ({@code get(timeout, unit)}), {@code CompletableFuture.join()} (also {@code get(timeout, unit)}: the
 * rule cannot see an {@code orTimeout} before a {@code join}),
 * {@code Process.waitFor()}, {@code Thread.join()}, {@code CountDownLatch.await()},
 * {@code BlockingQueue.take()} ({@code poll(timeout, unit)}), {@code Semaphore.acquire()},
 * {@code Object.wait()}, Netty's {@code sync()}, {@code await()} and their uninterruptible forms.
 */
public final class BoundedWaitRules {
    private BoundedWaitRules() {}

    /** Method name (no arguments) to the types that declare it as a wait without a deadline. */
    private static final Map<String, Set<String>> UNBOUNDED = Map.of(
            "get", Set.of("java.util.concurrent.Future", "java.util.concurrent.CompletableFuture",
                    "java.util.concurrent.FutureTask", "java.util.concurrent.ForkJoinTask",
                    "java.util.concurrent.ScheduledFuture", "io.netty.util.concurrent.Future"),
            "join", Set.of("java.util.concurrent.CompletableFuture", "java.util.concurrent.ForkJoinTask",
                    "java.lang.Thread"),
            "waitFor", Set.of("java.lang.Process"),
            "await", Set.of("java.util.concurrent.CountDownLatch", "java.util.concurrent.CyclicBarrier",
                    "java.util.concurrent.locks.Condition", "io.netty.util.concurrent.Future",
                    "io.netty.channel.ChannelFuture"),
            "awaitUninterruptibly", Set.of("io.netty.util.concurrent.Future", "io.netty.channel.ChannelFuture",
                    "java.util.concurrent.locks.Condition"),
            "sync", Set.of("io.netty.util.concurrent.Future", "io.netty.channel.ChannelFuture"),
            "syncUninterruptibly", Set.of("io.netty.util.concurrent.Future", "io.netty.channel.ChannelFuture"),
            "take", Set.of("java.util.concurrent.BlockingQueue", "java.util.concurrent.BlockingDeque",
                    "java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.ArrayBlockingQueue",
                    "java.util.concurrent.LinkedBlockingDeque", "java.util.concurrent.SynchronousQueue",
                    "java.util.concurrent.LinkedTransferQueue", "java.util.concurrent.PriorityBlockingQueue",
                    "java.util.concurrent.DelayQueue"),
            "acquire", Set.of("java.util.concurrent.Semaphore"),
            "wait", Set.of("java.lang.Object"));

    private static final DescribedPredicate<JavaMethodCall> WAITS_WITHOUT_DEADLINE =
            DescribedPredicate.describe("wait without a deadline", call -> {
                if (!call.getTarget().getRawParameterTypes().isEmpty()) {
                    return false;
                }
                Set<String> owners = UNBOUNDED.get(call.getTarget().getName());
                if (owners == null) {
                    return false;
                }
                JavaClass owner = call.getTarget().getOwner();
                return owners.stream().anyMatch(o -> owner.getName().equals(o) || owner.isAssignableTo(o));
            });

    /** No call of a wait without a deadline, anywhere in the classes it is evaluated on. */
    public static ArchRule noUnboundedWaits() {
        return noClasses().should().callMethodWhere(WAITS_WITHOUT_DEADLINE)
                .because("every test is bounded in time: wait with a deadline and fail with a message");
    }

    /**
     * Checks the compiled tests of the module whose tests are running ({@code target/test-classes},
     * Maven runs tests in the module's directory) and, when given, more class folders of it.
     */
    public static void checkModule(String... moreClassFolders) {
        ClassFileImporter importer = new ClassFileImporter();
        JavaClasses classes = importer.importPath(Path.of("target", "test-classes"));
        noUnboundedWaits().check(classes);
        for (String folder : moreClassFolders) {
            Path p = Path.of(folder);
            if (Files.isDirectory(p)) {
                noUnboundedWaits().check(importer.importPath(p));
            }
        }
    }
}
