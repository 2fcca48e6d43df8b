package io.meshkit.testkit.arch.waits;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Fixtures for BoundedWaitRulesTest: each method waits once, with or without a deadline. */
final class Waits {
    private Waits() {}

    static final class JoinsAFuture {
        Object run(CompletableFuture<Object> f) {
            return f.join();
        }
    }

    static final class JoinsInAConstructor {
        final Object value;

        JoinsInAConstructor(CompletableFuture<Object> f) {
            value = f.thenApply(v -> v).join();
        }
    }

    static final class GetsAFuture {
        Object run(CompletableFuture<Object> f) throws Exception {
            return f.get();
        }
    }

    static final class WaitsForAProcess {
        int run(Process p) throws InterruptedException {
            return p.waitFor();
        }
    }

    static final class JoinsAThread {
        void run(Thread t) throws InterruptedException {
            t.join();
        }
    }

    static final class AwaitsALatch {
        void run(CountDownLatch l) throws InterruptedException {
            l.await();
        }
    }

    static final class TakesFromAQueue {
        Object run(LinkedBlockingQueue<Object> q) throws InterruptedException {
            return q.take();
        }
    }

    /** Everything with a deadline: passes. */
    static final class Bounded {
        Object run(CompletableFuture<Object> f, Process p, Thread t, CountDownLatch l, LinkedBlockingQueue<Object> q)
                throws Exception {
            p.waitFor(1, TimeUnit.SECONDS);
            t.join(Duration.ofSeconds(1).toMillis());
            l.await(1, TimeUnit.SECONDS);
            q.poll(1, TimeUnit.SECONDS);
            return f.get(1, TimeUnit.SECONDS);
        }
    }
}
