package io.meshkit.ops.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.Objects;

/**
 * Ends the process when memory runs out where {@code -XX:+ExitOnOutOfMemoryError} cannot see it.
 *
 * <p>That JVM flag acts on errors the VM itself throws (heap, metaspace). Direct memory is different:
 * {@code ByteBuffer.allocateDirect} throws {@code OutOfMemoryError("Cannot reserve … bytes of direct
 * buffer memory")} from Java code, and Netty's own counter throws {@code OutOfDirectMemoryError}
 * likewise; the JVM carries on. Netty then fires the error down the pipeline, a handler closes that
 * one connection, and the server limps on, failing one allocation after another (measured:
 * docs/OPERATIONS.md, "JVM memory"). A server out of direct memory should stop as it does out of
 * heap, so its supervisor restarts it with a clean slate.
 *
 * <p>Two hooks cover the ways the error reaches our code: {@link #guard(ByteBufAllocator)} wraps the
 * allocator every channel uses (read buffers, encoders, aggregators), and {@link #check(Throwable)}
 * is called by every pipeline's last handler and periodic task, which see what was thrown deeper
 * (a decoder growing its cumulation buffer in place, which bypasses the allocator).
 */
public final class OutOfMemoryExit {
    /** The exit status, the same as the JVM's own {@code ExitOnOutOfMemoryError}. */
    public static final int STATUS = 3;

    /** The process-wide instance: prints the error and halts. */
    public static final OutOfMemoryExit PROCESS = new OutOfMemoryExit(e -> {
        // The JVM's own words, then where it happened (for the operator's post-mortem).
        System.err.println("Terminating due to java.lang.OutOfMemoryError: " + e.getMessage());
        try {
            e.printStackTrace();
        } catch (Throwable ignored) {
            // nothing more can be said
        }
        System.err.flush();
        // halt, not exit: shutdown hooks (a graceful drain) need memory and may never finish.
        Runtime.getRuntime().halt(STATUS);
    });

    /** What ending the process means; tests record instead. */
    @FunctionalInterface
    public interface Action {
        void exit(OutOfMemoryError error);
    }

    private final Action action;

    public OutOfMemoryExit(Action action) {
        this.action = Objects.requireNonNull(action, "action");
    }

    /** Ends the process if {@code failure} is, or was caused by, an {@link OutOfMemoryError}; otherwise returns. */
    public void check(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                action.exit(oom);
                return;
            }
        }
    }

    /** {@code delegate}, except that an {@link OutOfMemoryError} from any allocation ends the process. */
    public ByteBufAllocator guard(ByteBufAllocator delegate) {
        return new Guarded(delegate, this);
    }

    /** Delegates every call; the only addition is the catch. */
    private static final class Guarded implements ByteBufAllocator {
        private final ByteBufAllocator d;
        private final OutOfMemoryExit exit;

        Guarded(ByteBufAllocator d, OutOfMemoryExit exit) {
            this.d = Objects.requireNonNull(d, "delegate");
            this.exit = exit;
        }

        private <T> T fail(OutOfMemoryError e) {
            exit.action.exit(e);
            throw e; // reached only when the action does not end the process (tests)
        }

        @Override
        public ByteBuf buffer() {
            try {
                return d.buffer();
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf buffer(int initialCapacity) {
            try {
                return d.buffer(initialCapacity);
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf buffer(int initialCapacity, int maxCapacity) {
            try {
                return d.buffer(initialCapacity, maxCapacity);
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf ioBuffer() {
            try {
                return d.ioBuffer();
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf ioBuffer(int initialCapacity) {
            try {
                return d.ioBuffer(initialCapacity);
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf ioBuffer(int initialCapacity, int maxCapacity) {
            try {
                return d.ioBuffer(initialCapacity, maxCapacity);
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf heapBuffer() {
            try {
                return d.heapBuffer();
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf heapBuffer(int initialCapacity) {
            try {
                return d.heapBuffer(initialCapacity);
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf heapBuffer(int initialCapacity, int maxCapacity) {
            try {
                return d.heapBuffer(initialCapacity, maxCapacity);
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf directBuffer() {
            try {
                return d.directBuffer();
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf directBuffer(int initialCapacity) {
            try {
                return d.directBuffer(initialCapacity);
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public ByteBuf directBuffer(int initialCapacity, int maxCapacity) {
            try {
                return d.directBuffer(initialCapacity, maxCapacity);
            } catch (OutOfMemoryError e) {
                return fail(e);
            }
        }

        @Override
        public CompositeByteBuf compositeBuffer() {
            return d.compositeBuffer(); // components are allocated elsewhere; the composite itself is on the heap
        }

        @Override
        public CompositeByteBuf compositeBuffer(int maxNumComponents) {
            return d.compositeBuffer(maxNumComponents);
        }

        @Override
        public CompositeByteBuf compositeHeapBuffer() {
            return d.compositeHeapBuffer();
        }

        @Override
        public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
            return d.compositeHeapBuffer(maxNumComponents);
        }

        @Override
        public CompositeByteBuf compositeDirectBuffer() {
            return d.compositeDirectBuffer();
        }

        @Override
        public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
            return d.compositeDirectBuffer(maxNumComponents);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return d.isDirectBufferPooled();
        }

        @Override
        public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
            return d.calculateNewCapacity(minNewCapacity, maxCapacity);
        }

        @Override
        public String toString() {
            return "OutOfMemoryExit(" + d + ")";
        }
    }
}
